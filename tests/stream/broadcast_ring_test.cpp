#include "stream/broadcast_ring.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace acoustream::stream {
namespace {

using Ring = BroadcastRing<int>;

std::shared_ptr<const int> item(int v) { return std::make_shared<const int>(v); }

int value_of(const Poll<int>& p) {
    const auto* ptr = std::get_if<std::shared_ptr<const int>>(&p);
    EXPECT_NE(ptr, nullptr);
    return ptr && *ptr ? **ptr : -1;
}

TEST(BroadcastRing, PublishWithoutSubscribersNeverFails) {
    Ring ring(4);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(ring.publish(item(i)), static_cast<std::uint64_t>(i));
    EXPECT_EQ(ring.published(), 10u);
    EXPECT_EQ(*ring.latest(), 9);
    EXPECT_EQ(ring.dropped(), 0u);
}

TEST(BroadcastRing, LatestIsNullBeforeFirstPublish) {
    Ring ring(2);
    EXPECT_EQ(ring.latest(), nullptr);
}

TEST(BroadcastRing, ZeroCapacityIsRejected) { EXPECT_THROW(Ring(0), std::invalid_argument); }

TEST(BroadcastRing, EveryConsumerGetsEveryItemInOrder) {
    Ring ring(16);
    auto a = ring.subscribe();
    auto b = ring.subscribe();
    for (int i = 0; i < 10; ++i) ring.publish(item(i));
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(value_of(a.poll()), i);
        EXPECT_EQ(value_of(b.poll()), i);
    }
    EXPECT_TRUE(std::holds_alternative<Empty>(a.poll()));
}

TEST(BroadcastRing, ItemsAreSharedNotCopied) {
    Ring ring(4);
    auto a = ring.subscribe();
    auto b = ring.subscribe();
    ring.publish(item(7));
    auto pa = std::get<std::shared_ptr<const int>>(a.poll());
    auto pb = std::get<std::shared_ptr<const int>>(b.poll());
    EXPECT_EQ(pa.get(), pb.get());
}

TEST(BroadcastRing, NewSubscriberStartsAtNextPublish) {
    Ring ring(4);
    ring.publish(item(1));
    auto s = ring.subscribe();
    EXPECT_TRUE(std::holds_alternative<Empty>(s.poll()));
    ring.publish(item(2));
    EXPECT_EQ(value_of(s.poll()), 2);
}

TEST(BroadcastRing, LaggingConsumerIsToldAndResumesAtOldest) {
    Ring ring(4);
    auto s = ring.subscribe();
    for (int i = 0; i < 10; ++i) ring.publish(item(i));
    auto p = s.poll();
    ASSERT_TRUE(std::holds_alternative<Lagged>(p));
    EXPECT_EQ(std::get<Lagged>(p).skipped, 6u);
    for (int i = 6; i < 10; ++i) EXPECT_EQ(value_of(s.poll()), i);
    EXPECT_EQ(ring.dropped(), 6u);
}

TEST(BroadcastRing, SkipsAddUpToTheGapSeen) {
    Ring ring(3);
    auto s = ring.subscribe();
    std::uint64_t skipped = 0;
    int last = -1;
    std::uint64_t gaps = 0;
    for (int round = 0; round < 20; ++round) {
        for (int i = 0; i < 5; ++i) ring.publish(item(round * 5 + i));
        for (;;) {
            auto p = s.poll();
            if (auto* l = std::get_if<Lagged>(&p)) {
                skipped += l->skipped;
                continue;
            }
            if (std::holds_alternative<Empty>(p)) break;
            const int v = value_of(p);
            gaps += static_cast<std::uint64_t>(v - last - 1);
            last = v;
        }
    }
    EXPECT_EQ(last, 99);
    EXPECT_EQ(skipped, gaps);
    EXPECT_EQ(ring.dropped(), skipped);
    EXPECT_EQ(skipped, 40u);
}

TEST(BroadcastRing, CloseEndsConsumersAfterRetainedItems) {
    Ring ring(4);
    auto s = ring.subscribe();
    ring.publish(item(1));
    ring.close();
    EXPECT_EQ(value_of(s.poll()), 1);
    EXPECT_TRUE(std::holds_alternative<Closed>(s.poll()));
    EXPECT_TRUE(std::holds_alternative<Closed>(s.wait(std::chrono::seconds(10))));
    ring.publish(item(2));  // ignored once closed
    EXPECT_EQ(ring.published(), 1u);
}

TEST(BroadcastRing, CloseWakesABlockedConsumer) {
    Ring ring(4);
    auto s = ring.subscribe();
    std::thread closer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ring.close();
    });
    // Far longer than the test can take: only close() can end this wait.
    auto p = s.wait(std::chrono::hours(1));
    closer.join();
    EXPECT_TRUE(std::holds_alternative<Closed>(p));
}

TEST(BroadcastRing, WaitTimesOutWithEmpty) {
    Ring ring(4);
    auto s = ring.subscribe();
    EXPECT_TRUE(std::holds_alternative<Empty>(s.wait(std::chrono::milliseconds(5))));
}

TEST(BroadcastRing, WaitReturnsAtOnceWhenAnItemIsWaiting) {
    Ring ring(4);
    auto s = ring.subscribe();
    ring.publish(item(1));
    // Far longer than the test can take: only an item already there ends it.
    EXPECT_EQ(value_of(s.wait(std::chrono::hours(1))), 1);
}

TEST(BroadcastRing, PublishWakesABlockedConsumer) {
    Ring ring(4);
    auto s = ring.subscribe();
    std::thread producer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ring.publish(item(1));
        ring.publish(item(2));
    });
    // Far longer than the test can take: only a publish can end this wait.
    auto p = s.wait(std::chrono::hours(1));
    producer.join();
    EXPECT_EQ(value_of(p), 1);
    EXPECT_EQ(value_of(s.poll()), 2);
}

TEST(BroadcastRing, CloseCallsListenersOnceAndAClosedRingIsReadyAtOnce) {
    Ring ring(4);
    auto s = ring.subscribe();
    int calls = 0;
    auto listener = ring.listen([&] { ++calls; });
    ring.close();
    EXPECT_EQ(calls, 1);
    ring.close();  // already closed: nobody is called again
    EXPECT_EQ(calls, 1);
    EXPECT_TRUE(std::holds_alternative<Closed>(s.wait(std::chrono::hours(1))));
}

TEST(BroadcastRing, ListenerIsCalledOnEveryPublishAndOnCloseUntilReset) {
    Ring ring(4);
    int calls = 0;
    auto listener = ring.listen([&] { ++calls; });
    EXPECT_EQ(ring.subscribers(), 0u);  // a listener holds no cursor
    ring.publish(item(1));
    ring.publish(item(2));
    EXPECT_EQ(calls, 2);
    auto moved = std::move(listener);
    ring.publish(item(3));
    EXPECT_EQ(calls, 3);
    moved.reset();
    ring.publish(item(4));
    EXPECT_EQ(calls, 3);
    auto again = ring.listen([&] { calls += 10; });
    ring.close();
    EXPECT_EQ(calls, 13);
}

TEST(BroadcastRing, ListenerResetWaitsForACallInProgress) {
    Ring ring(4);
    std::atomic<bool> entered{false};
    std::atomic<bool> release{false};
    std::atomic<bool> finished{false};
    auto listener = ring.listen([&] {
        entered = true;
        while (!release) std::this_thread::yield();
        finished = true;
    });
    std::thread producer([&] { ring.publish(item(1)); });
    while (!entered) std::this_thread::yield();
    std::thread remover([&] {
        listener.reset();
        // Only once the call has returned may the listener's owner go away.
        EXPECT_TRUE(finished.load());
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    release = true;
    producer.join();
    remover.join();
}

TEST(BroadcastRing, SubscriberCountFollowsLifetimes) {
    Ring ring(4);
    {
        auto a = ring.subscribe();
        auto b = ring.subscribe();
        EXPECT_EQ(ring.subscribers(), 2u);
        auto c = std::move(a);
        EXPECT_EQ(ring.subscribers(), 2u);
    }
    EXPECT_EQ(ring.subscribers(), 0u);
}

TEST(BroadcastRing, SubscribeFromReplaysRetainedItems) {
    Ring ring(4);
    for (int i = 0; i < 6; ++i) ring.publish(item(i));
    auto s = ring.subscribe_from(3);
    EXPECT_EQ(value_of(s.poll()), 3);
    auto old = ring.subscribe_from(0);  // older than retained: told, then oldest
    EXPECT_EQ(std::get<Lagged>(old.poll()).skipped, 2u);
    EXPECT_EQ(value_of(old.poll()), 2);
    auto first = ring.subscribe_first([](int v) { return v > 3; });
    EXPECT_EQ(value_of(first.poll()), 4);
    auto none = ring.subscribe_first([](int v) { return v > 100; });
    EXPECT_TRUE(std::holds_alternative<Empty>(none.poll()));
}

TEST(BroadcastRing, SkipToNewestCountsAsDrop) {
    Ring ring(8);
    auto s = ring.subscribe();
    for (int i = 0; i < 6; ++i) ring.publish(item(i));
    EXPECT_EQ(s.skip_to_newest(2), 4u);
    EXPECT_EQ(value_of(s.poll()), 4);
    EXPECT_EQ(ring.dropped(), 4u);
}

// One producer, blocking and callback-driven consumers at once (run under
// TSan): every consumer sees strictly increasing items, and what it received
// plus what it was told it skipped is exactly what was published.
TEST(BroadcastRing, ConcurrentProducerAndConsumers) {
    constexpr int kItems = 20000;
    constexpr int kConsumers = 6;
    Ring ring(64);
    std::vector<Subscriber<int>> subs;
    for (int c = 0; c < kConsumers; ++c) subs.push_back(ring.subscribe());
    std::vector<std::uint64_t> received(kConsumers), skipped(kConsumers);
    std::atomic<bool> ordered{true};
    std::vector<std::thread> threads;
    for (int c = 0; c < kConsumers; ++c) {
        threads.emplace_back([&, c] {
            int last = -1;
            for (;;) {
                auto p = subs[c].wait(std::chrono::seconds(5));
                if (std::holds_alternative<Closed>(p)) break;
                if (auto* l = std::get_if<Lagged>(&p)) {
                    skipped[c] += l->skipped;
                    continue;
                }
                if (auto* v = std::get_if<std::shared_ptr<const int>>(&p)) {
                    if (**v <= last) ordered = false;
                    last = **v;
                    ++received[c];
                }
                if (c % 2 == 1) std::this_thread::yield();  // some slower consumers
            }
        });
    }
    std::thread producer([&] {
        for (int i = 0; i < kItems; ++i) ring.publish(item(i));
        ring.close();
    });
    producer.join();
    for (auto& t : threads) t.join();
    EXPECT_TRUE(ordered);
    std::uint64_t total_skipped = 0;
    for (int c = 0; c < kConsumers; ++c) {
        EXPECT_EQ(received[c] + skipped[c], static_cast<std::uint64_t>(kItems)) << "consumer " << c;
        total_skipped += skipped[c];
    }
    EXPECT_EQ(ring.dropped(), total_skipped);
}

// Async-style consumers: woken through a listener on the producer's thread,
// they hand off to their own thread (as an event loop would post).
TEST(BroadcastRing, CallbackDrivenConsumersSeeEverything) {
    constexpr int kItems = 5000;
    Ring ring(kItems);  // large enough that nobody lags
    auto sub = ring.subscribe();
    std::mutex m;
    std::condition_variable cv;
    bool ready = false;
    auto listener = ring.listen([&] {
        std::lock_guard lock(m);
        ready = true;
        cv.notify_one();
    });
    std::thread consumer([&] {
        int expected = 0;
        for (;;) {
            {
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return ready; });
                ready = false;
            }
            for (;;) {
                auto p = sub.poll();
                if (std::holds_alternative<Closed>(p)) {
                    EXPECT_EQ(expected, kItems);
                    return;
                }
                if (std::holds_alternative<Empty>(p)) break;
                EXPECT_EQ(value_of(p), expected++);
            }
        }
    });
    {
        std::lock_guard lock(m);
        ready = true;
    }
    cv.notify_one();
    for (int i = 0; i < kItems; ++i) ring.publish(item(i));
    ring.close();
    consumer.join();
}

}  // namespace
}  // namespace acoustream::stream
