#include "spectral/real_fft.hpp"

#include <fftw3.h>

#include <algorithm>
#include <limits>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace acoustream::spectral {

namespace {

// FFTW keeps process-wide planner state (wisdom, the allocator it plans
// with); only fftwf_execute is thread-safe. Every planner, allocation and
// destruction call is therefore serialised on this one mutex. It guards a
// global of the library, not of ours, so a function-local static is the
// honest owner for it.
std::mutex& planner_mutex() {
    static std::mutex mutex;
    return mutex;
}

struct FftwFree {
    void operator()(void* p) const noexcept {
        std::lock_guard lock(planner_mutex());
        fftwf_free(p);
    }
};

struct PlanDestroy {
    void operator()(fftwf_plan p) const noexcept {
        std::lock_guard lock(planner_mutex());
        fftwf_destroy_plan(p);
    }
};

template <class T>
std::unique_ptr<T, FftwFree> fftw_alloc(std::size_t count) {
    void* p = nullptr;
    {
        std::lock_guard lock(planner_mutex());
        p = fftwf_malloc(sizeof(T) * count);
    }
    if (p == nullptr) throw std::bad_alloc();
    return std::unique_ptr<T, FftwFree>(static_cast<T*>(p));
}

}  // namespace

struct RealFft::Impl {
    std::unique_ptr<float, FftwFree> in;
    std::unique_ptr<fftwf_complex, FftwFree> out;
    std::unique_ptr<std::remove_pointer_t<fftwf_plan>, PlanDestroy> plan;
};

RealFft::RealFft(std::size_t size) : size_(size), impl_(std::make_unique<Impl>()) {
    if (size < 2 || size > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw std::invalid_argument("real FFT size " + std::to_string(size) + " out of range");
    }
    impl_->in = fftw_alloc<float>(size);
    impl_->out = fftw_alloc<fftwf_complex>(size / 2 + 1);
    std::fill_n(impl_->in.get(), size, 0.0F);
    fftwf_plan plan = nullptr;
    {
        std::lock_guard lock(planner_mutex());
        // ESTIMATE: planning does not overwrite the buffers or time trial
        // runs, so construction stays cheap and deterministic.
        plan = fftwf_plan_dft_r2c_1d(static_cast<int>(size), impl_->in.get(), impl_->out.get(),
                                     FFTW_ESTIMATE);
    }
    if (plan == nullptr) {
        throw std::runtime_error("FFTW could not plan a real FFT of size " + std::to_string(size));
    }
    impl_->plan.reset(plan);
}

RealFft::~RealFft() = default;
RealFft::RealFft(RealFft&&) noexcept = default;
RealFft& RealFft::operator=(RealFft&&) noexcept = default;

std::span<float> RealFft::input() noexcept { return {impl_->in.get(), size_}; }

std::span<const std::complex<float>> RealFft::output() const noexcept {
    // FFTW documents fftwf_complex as layout-compatible with std::complex<float>.
    return {reinterpret_cast<const std::complex<float>*>(impl_->out.get()), size_ / 2 + 1};
}

void RealFft::execute() noexcept { fftwf_execute(impl_->plan.get()); }

}  // namespace acoustream::spectral
