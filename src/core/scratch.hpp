// Memory for the temporaries of one unit's assessment (its items in canonical order, positions,
// debts, claims): for a usual unit, a bump allocator over a buffer on the stack, so that it
// allocates nothing from the heap; a large unit takes its vectors from the heap one by one, as
// std::vector would. (A bump allocator continuing on the heap would take ever larger blocks, up
// to tens of megabytes for a unit of 200,000 items, and glibc, which raises its mmap threshold to
// the largest block freed, then keeps as much again of later allocations after they are freed.)
#pragma once

#include <cstddef>
#include <memory_resource>

namespace dunning {

class Scratch {
public:
	// `items`: the size of the unit.
	explicit Scratch(std::size_t items)
	    : resource_(buffer_, sizeof buffer_, std::pmr::new_delete_resource()), large_(items > kLargeUnit) {
	}
	Scratch(const Scratch &) = delete;
	Scratch &operator=(const Scratch &) = delete;

	std::pmr::memory_resource *
	get() noexcept {
		return large_ ? std::pmr::new_delete_resource() : &resource_;
	}

private:
	// A unit of this many items needs about 4 KB of temporaries per 16 items.
	static constexpr std::size_t kLargeUnit = 64;
	// Enough for a unit of about a hundred items.
	alignas(std::max_align_t) std::byte buffer_[16 * 1024];
	std::pmr::monotonic_buffer_resource resource_;
	bool large_;
};

} // namespace dunning
