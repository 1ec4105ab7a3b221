#pragma once
// The streams of one event loop that wait for the next frame of one ring
// (each loop has one list per ring). The producer
// calls notify() once per publish (from its own thread); the loop then runs
// one tick that cancels the timer each idle stream is waiting on, so a frame
// costs one post per loop, not one callback, post and allocation per client.
//
// Everything but notify() runs on the loop's single thread, so the list needs
// no lock: a stream that found its rings empty parks itself and suspends in
// the same handler, before any tick can run, so no publish is missed. A
// stream that follows two rings parks in both lists: the first tick wakes it,
// and the other's cancel finds no wait pending and does nothing.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace acoustream::http {

class WakeList {
public:
    // One waiting stream; linked while its timer wait is pending.
    struct Node {
        boost::asio::steady_timer* timer = nullptr;
        Node* prev = nullptr;
        Node* next = nullptr;
    };

    // Parks `timer` for the scope of one wait (RAII, so a stream destroyed
    // while suspended unlinks itself).
    class Parked {
    public:
        Parked(WakeList& list, boost::asio::steady_timer& timer) : list_(list) {
            node_.timer = &timer;
            list_.link(node_);
        }
        ~Parked() { list_.unlink(node_); }
        Parked(const Parked&) = delete;
        Parked& operator=(const Parked&) = delete;

    private:
        WakeList& list_;
        Node node_;
    };

    WakeList() { head_.prev = head_.next = &head_; }
    WakeList(const WakeList&) = delete;
    WakeList& operator=(const WakeList&) = delete;

    // Set once, before any notify(). The list must outlive the io_context
    // (coroutines destroyed with it unlink their nodes).
    void bind(boost::asio::io_context& ioc) { ioc_ = &ioc; }

    // Any thread: schedules one tick unless one is already pending.
    void notify() {
        if (!pending_.exchange(true, std::memory_order_acq_rel))
            boost::asio::post(*ioc_, [this] { tick(); });
    }

    [[nodiscard]] bool empty() const noexcept { return head_.next == &head_; }

private:
    void tick() {
        // Cleared first: a publish during the walk schedules another tick.
        pending_.store(false, std::memory_order_release);
        while (!empty()) {
            Node* n = head_.next;
            unlink(*n);
            n->timer->cancel();  // completes the pending wait: the stream resumes
        }
    }

    void link(Node& n) {
        n.prev = head_.prev;
        n.next = &head_;
        head_.prev->next = &n;
        head_.prev = &n;
    }
    static void unlink(Node& n) {
        if (!n.next) return;
        n.prev->next = n.next;
        n.next->prev = n.prev;
        n.prev = n.next = nullptr;
    }

    boost::asio::io_context* ioc_ = nullptr;
    std::atomic<bool> pending_{false};
    Node head_;
};

}  // namespace acoustream::http
