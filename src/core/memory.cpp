#include "core/memory.hpp"

#include <algorithm>

namespace dunning {

namespace {

class Heap final : public MemorySource {
public:
	void *
	Allocate(std::size_t bytes) override {
		return ::operator new(bytes);
	}
	void
	Free(void *block, std::size_t) noexcept override {
		::operator delete(block);
	}
};

} // namespace

MemorySource &
HeapMemory() noexcept {
	static Heap heap;
	return heap;
}

void
ByteArena::Grow(std::size_t need) {
	// Blocks double up to kLargestBlock, so a unit of ten items takes one small block and a unit of
	// a million items a few hundred large ones; a longer text gets a block of its own size.
	std::size_t size = blocks_ ? std::min(blocks_->size * 2, kLargestBlock) : kFirstBlock;
	size = std::max(size, need + sizeof(Block));
	auto *block = static_cast<Block *>(source_->Allocate(size));
	block->previous = blocks_;
	block->size = size;
	blocks_ = block;
	next_ = reinterpret_cast<char *>(block + 1);
	left_ = size - sizeof(Block);
	allocated_ += size;
}

void
ByteArena::Release() noexcept {
	while (blocks_) {
		Block *previous = blocks_->previous;
		source_->Free(blocks_, blocks_->size);
		blocks_ = previous;
	}
	next_ = nullptr;
	left_ = 0;
	allocated_ = 0;
}

} // namespace dunning
