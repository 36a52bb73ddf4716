// Memory for the temporaries of one unit's assessment (its items in canonical order, positions,
// debts, claims): a bump allocator over a buffer on the stack, so a usual unit allocates nothing
// from the heap, and only a large one continues on the heap (std::pmr::new_delete_resource). All
// of it goes when the Scratch goes.
#pragma once

#include <cstddef>
#include <memory_resource>

namespace dunning {

class Scratch {
public:
	Scratch() : resource_(buffer_, sizeof buffer_, std::pmr::new_delete_resource()) {
	}
	Scratch(const Scratch &) = delete;
	Scratch &operator=(const Scratch &) = delete;

	std::pmr::memory_resource *
	get() noexcept {
		return &resource_;
	}

private:
	// Enough for a unit of about a hundred items.
	alignas(std::max_align_t) std::byte buffer_[16 * 1024];
	std::pmr::monotonic_buffer_resource resource_;
};

} // namespace dunning
