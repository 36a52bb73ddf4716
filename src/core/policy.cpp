#include "core/policy.hpp"

#include <array>

namespace dunning {

std::string_view
ToneName(Tone tone) {
	return kToneNames[static_cast<std::size_t>(tone)];
}

std::optional<Tone>
ParseTone(std::string_view name) {
	for (std::size_t i = 0; i < kToneNames.size(); ++i)
		if (kToneNames[i] == name)
			return static_cast<Tone>(i);
	return std::nullopt;
}

Tone
DefaultToneForLevel(int level) {
	switch (level) {
	case 1:
		return Tone::kStandard;
	case 2:
		return Tone::kFirm;
	case 3:
		return Tone::kFinal;
	default:
		return Tone::kFormalNotice;
	}
}

std::vector<LevelRule>
DefaultLevels() {
	auto eur = [](std::int64_t whole) { return Money::FromUnits(whole * Money::kScale); };
	return {
	    {1, 1, eur(25), Decimal4(), eur(0), Tone::kStandard},
	    {2, 15, eur(25), Decimal4(), eur(0), Tone::kFirm},
	    {3, 30, eur(25), Decimal4(), eur(15), Tone::kFinal},
	    {4, 45, eur(100), Decimal4(), eur(0), Tone::kFormalNotice},
	};
}

} // namespace dunning
