#include "core/item_check.hpp"

namespace dunning {

std::optional<ItemProblem>
CheckItem(const ItemFields &fields) {
	try {
		(void)MakeItem(fields);
		return std::nullopt;
	} catch (const Error &e) {
		if (e.code() != ErrorCode::kInvalidParameterValue && e.code() != ErrorCode::kNumericValueOutOfRange)
			throw;
		std::string message = e.what();
		if (!e.detail().empty()) {
			// One line, as the message reads: "numeric value out of range: item "X": amount ...".
			std::string_view detail = e.detail();
			if (detail.back() == '.')
				detail.remove_suffix(1);
			message.append(": ").append(detail);
		}
		return ItemProblem{e.code(), std::move(message)};
	}
}

} // namespace dunning
