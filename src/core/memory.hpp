// Where the memory of aggregate states comes from. A state's items can be most of a backend's
// memory, so in PostgreSQL they live in the aggregate's memory context (src/pg/context_owned.hpp
// supplies a source over palloc): hash aggregation then counts them against work_mem and spills,
// and pg_backend_memory_contexts shows them. Elsewhere (unit tests, fuzz targets, the core
// benchmark) they come from the C++ heap.
#pragma once

#include <cstddef>
#include <cstring>
#include <new>
#include <string_view>

namespace dunning {

class MemorySource {
public:
	// At least `bytes` bytes aligned for any object of the core (8 bytes; nothing stored through a
	// source needs more). Throws std::bad_alloc, never anything else.
	virtual void *Allocate(std::size_t bytes) = 0;
	// Gives back a block of Allocate(bytes). Never throws.
	virtual void Free(void *block, std::size_t bytes) noexcept = 0;

protected:
	~MemorySource() = default;
};

// operator new and delete.
MemorySource &HeapMemory() noexcept;

// Bytes that must stay put while their owner lives (item ids, referred to by views): appended
// into blocks that never move, from a MemorySource. Not copyable; movable. Frees everything at
// once.
class ByteArena {
public:
	explicit ByteArena(MemorySource &source) noexcept : source_(&source) {
	}
	ByteArena(const ByteArena &) = delete;
	ByteArena &operator=(const ByteArena &) = delete;
	ByteArena(ByteArena &&other) noexcept
	    : source_(other.source_), blocks_(other.blocks_), next_(other.next_), left_(other.left_),
	      allocated_(other.allocated_) {
		other.blocks_ = nullptr;
		other.next_ = nullptr;
		other.left_ = 0;
		other.allocated_ = 0;
	}
	ByteArena &
	operator=(ByteArena &&other) noexcept {
		if (this != &other) {
			Release();
			source_ = other.source_;
			blocks_ = other.blocks_;
			next_ = other.next_;
			left_ = other.left_;
			allocated_ = other.allocated_;
			other.blocks_ = nullptr;
			other.next_ = nullptr;
			other.left_ = 0;
			other.allocated_ = 0;
		}
		return *this;
	}
	~ByteArena() {
		Release();
	}

	// A copy of `text` that lives as long as the arena.
	std::string_view
	Copy(std::string_view text) {
		if (text.empty())
			return {};
		if (text.size() > left_)
			Grow(text.size());
		char *out = next_;
		std::memcpy(out, text.data(), text.size());
		next_ += text.size();
		left_ -= text.size();
		return {out, text.size()};
	}

	// Bytes taken from the source, headers and unused tails included.
	std::size_t
	allocated() const {
		return allocated_;
	}

	MemorySource &
	source() const {
		return *source_;
	}

private:
	struct Block {
		Block *previous;
		std::size_t size; // of the whole block, this header included
	};
	static constexpr std::size_t kFirstBlock = 256;
	static constexpr std::size_t kLargestBlock = 8 * 1024 - 64;

	void Grow(std::size_t need);
	void Release() noexcept;

	MemorySource *source_;
	Block *blocks_ = nullptr; // the newest block, linked to older ones
	char *next_ = nullptr;
	std::size_t left_ = 0;
	std::size_t allocated_ = 0;
};

} // namespace dunning
