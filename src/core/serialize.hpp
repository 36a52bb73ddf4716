// A small, bounds-checked binary format for aggregate states crossing process boundaries
// (parallel workers). Native byte order: states never leave one machine's PostgreSQL.
#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace dunning {

// Writes into a caller-provided buffer, or, without one, only counts the bytes: the glue sizes a
// state first, allocates the bytea, then writes into it, so no C++ buffer is alive while
// PostgreSQL allocates.
class ByteWriter {
public:
	ByteWriter() = default;
	ByteWriter(char *buffer, std::size_t capacity) : buffer_(buffer), capacity_(capacity) {
	}
	template <typename T>
	void
	Put(T value) {
		static_assert(std::is_trivially_copyable_v<T>);
		Append(reinterpret_cast<const char *>(&value), sizeof value);
	}
	void
	PutString(std::string_view s) {
		Put<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
		Append(s.data(), s.size());
	}
	std::size_t
	size() const {
		return size_;
	}

private:
	void
	Append(const char *data, std::size_t n) {
		if (n == 0) // an empty view may have no data pointer at all, which memcpy must not get
			return;
		if (buffer_) {
			if (n > capacity_ - size_)
				throw Error(ErrorCode::kInternal, "serialized dunning aggregate state outgrew its buffer");
			std::memcpy(buffer_ + size_, data, n);
		}
		size_ += n;
	}
	char *buffer_ = nullptr;
	std::size_t capacity_ = 0;
	std::size_t size_ = 0;
};

class ByteReader {
public:
	ByteReader(const char *data, std::size_t size) : data_(data), size_(size) {
	}
	template <typename T>
	T
	Get() {
		static_assert(std::is_trivially_copyable_v<T>);
		Need(sizeof(T));
		T value;
		std::memcpy(&value, data_ + pos_, sizeof value);
		pos_ += sizeof value;
		return value;
	}
	std::string_view
	GetString() {
		auto n = Get<std::uint32_t>();
		Need(n);
		std::string_view s(data_ + pos_, n);
		pos_ += n;
		return s;
	}
	bool
	AtEnd() const {
		return pos_ == size_;
	}
	[[noreturn]] static void
	Corrupt() {
		throw Error(ErrorCode::kDataCorrupted, "invalid serialized dunning aggregate state");
	}

private:
	void
	Need(std::size_t n) const {
		if (n > size_ - pos_)
			Corrupt();
	}
	const char *data_;
	std::size_t size_;
	std::size_t pos_ = 0;
};

} // namespace dunning
