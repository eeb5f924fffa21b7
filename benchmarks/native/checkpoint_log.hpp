// The ACA checkpoint log of the AVX-512 ensemble comparators (lorenz_ensemble_avx512.cpp,
// threebody_ensemble_avx512.cpp): per lane-group step one Slot (where the step started: h, z, and t where f needs it)
// and its lane masks, appended by the forward and walked backwards by the gradient. It grows by doubling only while
// the first recorded solve finds out how much it needs; later solves reuse it (no allocation in the timed loops).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>

template <class Slot, class Masks>
class CheckpointLog {
 public:
  explicit CheckpointLog(long firstCapacity) : firstCapacity_(firstCapacity) {}
  ~CheckpointLog() {
    std::free(slots_);
    std::free(masks_);
  }
  CheckpointLog(const CheckpointLog&) = delete;
  CheckpointLog& operator=(const CheckpointLog&) = delete;

  void clear() { count_ = 0; }
  bool full() const { return count_ == capacity_; }
  long size() const { return count_; }
  Slot& slot(long k) { return slots_[k]; }
  const Slot& slot(long k) const { return slots_[k]; }
  Masks& masks(long k) { return masks_[k]; }
  const Masks& masks(long k) const { return masks_[k]; }

  // The index of a new slot at the end (grow() first when full()).
  long append() { return count_++; }

  // Doubles the storage, keeping what was logged (aligned for the slots' streaming stores).
  __attribute__((noinline)) void grow() {
    long capacity = capacity_ == 0 ? firstCapacity_ : 2 * capacity_;
    auto* slots = static_cast<Slot*>(std::aligned_alloc(64, sizeof(Slot) * capacity));
    auto* masks = static_cast<Masks*>(std::malloc(sizeof(Masks) * capacity));
    if (!slots || !masks) {
      std::fprintf(stderr, "out of memory for %ld checkpoint slots\n", capacity);
      std::exit(1);
    }
    if (count_ > 0) {
      std::memcpy(static_cast<void*>(slots), slots_, sizeof(Slot) * count_);
      std::memcpy(static_cast<void*>(masks), masks_, sizeof(Masks) * count_);
    }
    std::free(slots_);
    std::free(masks_);
    slots_ = slots;
    masks_ = masks;
    capacity_ = capacity;
  }

 private:
  Slot* slots_ = nullptr;
  Masks* masks_ = nullptr;
  long count_ = 0, capacity_ = 0;
  long firstCapacity_;
};
