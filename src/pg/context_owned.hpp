// C++ objects owned by a PostgreSQL memory context (STYLE.md §4), above all aggregate states: the
// object is placement-new'd in the context and its destructor runs from the context's reset
// callback, so its heap memory goes when PostgreSQL resets or deletes the context, on success and
// on error alike. A glue frame then holds only a pointer to it while it calls into PostgreSQL.
#pragma once

#include "core/memory.hpp"
#include "core/serialize.hpp"
#include "pg/postgres_api.hpp"

#include <cstdint>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <new>
#include <type_traits>
#include <utility>

namespace dunning::pg {

// Memory from a PostgreSQL memory context for the core (STYLE.md §2): MCXT_ALLOC_NO_OOM makes
// palloc return NULL instead of raising, so a C++ frame can call it and throw std::bad_alloc (the
// guard's 53200), and no longjmp passes a live C++ object. The size is checked here, so the only
// other error palloc raises ("invalid memory alloc request size") cannot happen.
class ContextMemory final : public MemorySource {
public:
	explicit ContextMemory(MemoryContext context) noexcept : context_(context) {
	}
	void *
	Allocate(std::size_t bytes) override {
		if (bytes == 0 || bytes > MaxAllocHugeSize)
			throw std::bad_alloc();
		void *block = MemoryContextAllocExtended(context_, bytes, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
		if (!block)
			throw std::bad_alloc();
		return block;
	}
	void
	Free(void *block, std::size_t) noexcept override {
		pfree(block);
	}

private:
	MemoryContext context_;
};

inline MemoryContext
AggregateContext(FunctionCallInfo fcinfo) {
	MemoryContext context;
	if (!AggCheckCallContext(fcinfo, &context))
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("dunning aggregate support function called outside an aggregate")));
	return context;
}

template <typename State>
void
DestroyInContext(void *state) noexcept {
	static_cast<State *>(state)->~State();
}

// Memory for a T in `context`, aligned for T: palloc guarantees only MAXALIGN (8 bytes), while
// states holding 128-bit sums need 16 (PostgreSQL 15 has no MemoryContextAllocAligned).
template <typename T>
void *
AllocAligned(MemoryContext context) {
	static_assert(alignof(T) <= 64, "over-aligned state");
	auto raw = reinterpret_cast<std::uintptr_t>(MemoryContextAlloc(context, sizeof(T) + alignof(T) - 1));
	return reinterpret_cast<void *>((raw + alignof(T) - 1) & ~static_cast<std::uintptr_t>(alignof(T) - 1));
}

// Constructs the state in raw memory by `make` (C++ only; may throw, then nothing is registered)
// and registers its destructor with `context` afterwards.
template <typename State, typename Make>
State *
EmplaceInContext(MemoryContext context, Make &&make) {
	void *memory = AllocAligned<State>(context);
	auto *callback = static_cast<MemoryContextCallback *>(MemoryContextAlloc(context, sizeof(MemoryContextCallback)));
	State *state = std::forward<Make>(make)(memory);
	if constexpr (requires { State::Destroy(nullptr); })
		callback->func = State::Destroy;
	else
		callback->func = DestroyInContext<State>;
	callback->arg = state;
	MemoryContextRegisterResetCallback(context, callback);
	return state;
}

template <typename T>
T *
NewInContext(MemoryContext context) {
	return EmplaceInContext<T>(context, [](void *memory) { return new (memory) T(); });
}

// An aggregate state with the memory source its items come from, both in the aggregate's
// context: hash aggregation then counts the items against work_mem and spills when they outgrow
// it, and pg_backend_memory_contexts shows them. The glue passes &box->state around; the
// context's reset callback destroys the box.
template <typename State>
struct StateBox {
	ContextMemory memory;
	State state;

	// `make(memory)` returns the State built with this box's memory source (declared first, so it
	// exists when the state is made).
	template <typename Make>
	StateBox(MemoryContext context, Make &&make) : memory(context), state(std::forward<Make>(make)(memory)) {
	}

	// The context's reset callback. A large unit (tens of thousands of items) leaves megabytes of
	// freed memory behind (its items, the temporaries of its assessment); glibc, which raises its
	// mmap threshold to the largest block freed, keeps up to twice that threshold in its heap for
	// the life of the backend (29 MB after a unit of 200,000 items). Give it back to the system.
	static void
	Destroy(void *box) noexcept {
		auto *self = static_cast<StateBox *>(box);
		const bool large = self->state.allocated() >= kReleaseAfterBytes;
		self->~StateBox();
#ifdef __GLIBC__
		if (large)
			malloc_trim(0);
#else
		(void)large;
#endif
	}
	static constexpr std::size_t kReleaseAfterBytes = 4 * 1024 * 1024;
};

// A new state in `context`: with its memory source when State takes one (states holding items),
// else plain.
template <typename State>
State *
NewState(MemoryContext context) {
	if constexpr (std::is_constructible_v<State, MemorySource &>) {
		auto *box = EmplaceInContext<StateBox<State>>(context, [context](void *memory) {
			return new (memory) StateBox<State>(context, [](MemorySource &source) { return State(source); });
		});
		return &box->state;
	} else {
		return NewInContext<State>(context);
	}
}

// The state argument 0 of a transition function, created on the group's first row.
template <typename State>
State *
TransitionState(FunctionCallInfo fcinfo) {
	MemoryContext context = AggregateContext(fcinfo);
	if (!PG_ARGISNULL(0))
		return reinterpret_cast<State *>(PG_GETARG_POINTER(0));
	return NewState<State>(context);
}

template <typename State>
std::size_t
SerializedSize(const State &state) {
	ByteWriter counter;
	state.Serialize(counter);
	return counter.size();
}

template <typename State>
void
SerializeInto(const State &state, char *buffer, std::size_t size) {
	ByteWriter writer(buffer, size);
	state.Serialize(writer);
}

// serialfunc: sizes the state, allocates the bytea, then writes into it.
template <typename State>
Datum
SerializeState(FunctionCallInfo fcinfo) {
	(void)AggregateContext(fcinfo);
	const State *state = reinterpret_cast<const State *>(PG_GETARG_POINTER(0));
	std::size_t size = SerializedSize(*state);
	bytea *out = static_cast<bytea *>(palloc(VARHDRSZ + size));
	SET_VARSIZE(out, VARHDRSZ + size);
	SerializeInto(*state, VARDATA(out), size);
	PG_RETURN_BYTEA_P(out);
}

// deserialfunc: a new state in the aggregate context, read from the bytea.
template <typename State>
Datum
DeserializeState(FunctionCallInfo fcinfo) {
	MemoryContext context = AggregateContext(fcinfo);
	bytea *in = PG_GETARG_BYTEA_PP(0);
	const char *data = VARDATA_ANY(in);
	std::size_t size = VARSIZE_ANY_EXHDR(in);
	if constexpr (std::is_constructible_v<State, MemorySource &>) {
		auto *box = EmplaceInContext<StateBox<State>>(context, [context, data, size](void *memory) {
			return new (memory) StateBox<State>(context, [data, size](MemorySource &source) {
				ByteReader reader(data, size);
				return State::Deserialize(reader, source);
			});
		});
		PG_RETURN_POINTER(&box->state);
	} else {
		State *state = EmplaceInContext<State>(context, [data, size](void *memory) {
			ByteReader reader(data, size);
			return new (memory) State(State::Deserialize(reader));
		});
		PG_RETURN_POINTER(state);
	}
}

// combinefunc: merges argument 1 into argument 0, either of which may be NULL.
template <typename State>
Datum
CombineStates(FunctionCallInfo fcinfo) {
	MemoryContext context = AggregateContext(fcinfo);
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_ARGISNULL(0) ? (fcinfo->isnull = true, Datum(0)) : PG_GETARG_DATUM(0));
	const State *other = reinterpret_cast<const State *>(PG_GETARG_POINTER(1));
	State *state = PG_ARGISNULL(0) ? NewState<State>(context) : reinterpret_cast<State *>(PG_GETARG_POINTER(0));
	state->Merge(*other);
	PG_RETURN_POINTER(state);
}

} // namespace dunning::pg
