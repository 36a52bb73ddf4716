// The core's share of the aggregates, without PostgreSQL: reads the benchmark ledger
// (bench/generate.cpp's CSV) and runs each customer's items through what dunning.item,
// dunning.balance and dunning.assess do per row and per group (validation, the state's Add,
// Finish), timing each phase. Medians of several passes, in nanoseconds per item.
//
//   dunning_core_bench FILE.csv [PASSES]
#include "core/assess_state.hpp"
#include "core/balance.hpp"
#include "core/item.hpp"
#include "core/money.hpp"
#include "core/policy_cache.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Row {
	std::string customer, id, kind;
	std::int64_t amount, open;
	std::int32_t due;
	bool disputed, on_plan;
	std::optional<std::int32_t> hold;
};

std::int64_t
Units(const std::string &text) {
	dunning::Money m;
	if (dunning::Money::TryParse(text, &m) != dunning::Money::ParseStatus::kOk)
		std::abort();
	return m.units();
}

std::int32_t
Day(const std::string &iso) {
	int y = std::stoi(iso.substr(0, 4));
	unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
	unsigned d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
	return dunning::Date::FromCivil(y, m, d).pg_days();
}

std::vector<Row>
Read(const char *path) {
	std::ifstream in(path);
	std::vector<Row> rows;
	std::string line;
	while (std::getline(in, line)) {
		std::vector<std::string> f;
		std::size_t start = 0;
		for (;;) {
			std::size_t comma = line.find(',', start);
			f.push_back(line.substr(start, comma - start));
			if (comma == std::string::npos)
				break;
			start = comma + 1;
		}
		Row r{f[0], f[1], f[2], Units(f[3]), Units(f[4]), Day(f[5]), f[6] == "t", f[8] == "t", std::nullopt};
		if (!f[7].empty())
			r.hold = Day(f[7]);
		rows.push_back(std::move(r));
	}
	return rows;
}

dunning::ItemFields
FieldsOf(const Row &r) {
	dunning::ItemFields f;
	f.id = r.id;
	f.kind = r.kind;
	f.amount_units = r.amount;
	f.open_units = r.open;
	f.due_date = r.due;
	f.disputed = r.disputed;
	f.on_plan = r.on_plan;
	f.hold_until = r.hold;
	return f;
}

// Group boundaries: the CSV comes customer by customer.
std::vector<std::size_t>
Groups(const std::vector<Row> &rows) {
	std::vector<std::size_t> starts;
	for (std::size_t i = 0; i < rows.size(); ++i)
		if (i == 0 || rows[i].customer != rows[i - 1].customer)
			starts.push_back(i);
	starts.push_back(rows.size());
	return starts;
}

double
Median(std::vector<double> v) {
	std::sort(v.begin(), v.end());
	return v[v.size() / 2];
}

double
Min(const std::vector<double> &v) {
	return *std::min_element(v.begin(), v.end());
}

} // namespace

int
main(int argc, char **argv) {
	if (argc < 2) {
		std::fprintf(stderr, "usage: %s FILE.csv [PASSES]\n", argv[0]);
		return 2;
	}
	const int passes = argc > 2 ? std::atoi(argv[2]) : 5;
	const std::vector<Row> rows = Read(argv[1]);
	const std::vector<std::size_t> starts = Groups(rows);
	const std::int32_t as_of = dunning::Date::FromCivil(2026, 3, 2).pg_days();
	const std::string policy_json = R"({"item_min_amount": 25})";
	std::vector<dunning::ItemFields> fields;
	fields.reserve(rows.size());
	for (const Row &r : rows)
		fields.push_back(FieldsOf(r));

	std::vector<double> make_ns, balance_add_ns, balance_finish_ns, assess_add_ns, assess_finish_ns;
	long checksum = 0;
	for (int pass = 0; pass < passes; ++pass) {
		auto t0 = Clock::now();
		for (const dunning::ItemFields &f : fields)
			checksum += dunning::MakeItem(f).amount.units() & 1;
		auto t1 = Clock::now();
		make_ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / rows.size());

		double add = 0, finish = 0;
		for (std::size_t g = 0; g + 1 < starts.size(); ++g) {
			auto a = Clock::now();
			dunning::BalanceState state;
			for (std::size_t i = starts[g]; i < starts[g + 1]; ++i) {
				const dunning::Item item = dunning::MakeItem(fields[i]);
				state.Add(dunning::Date::FromPgDays(as_of), &item);
			}
			auto b = Clock::now();
			checksum += static_cast<long>(state.Finish().net_balance.units() & 1);
			auto c = Clock::now();
			add += std::chrono::duration<double, std::nano>(b - a).count();
			finish += std::chrono::duration<double, std::nano>(c - b).count();
		}
		balance_add_ns.push_back(add / rows.size());
		balance_finish_ns.push_back(finish / rows.size());

		add = finish = 0;
		dunning::PolicyCache policies;
		for (std::size_t g = 0; g + 1 < starts.size(); ++g) {
			auto a = Clock::now();
			dunning::AssessState state;
			dunning::AssessRow row;
			row.as_of = as_of;
			row.policy_bytes = policy_json; // stands in for the jsonb bytes
			for (std::size_t i = starts[g]; i < starts[g + 1]; ++i) {
				if (state.NeedsPolicyText(row, policies))
					row.policy_text = policy_json;
				const dunning::Item item = dunning::MakeItem(fields[i]);
				state.Add(row, &item, policies);
			}
			auto b = Clock::now();
			checksum += state.Finish().level;
			auto c = Clock::now();
			add += std::chrono::duration<double, std::nano>(b - a).count();
			finish += std::chrono::duration<double, std::nano>(c - b).count();
		}
		assess_add_ns.push_back(add / rows.size());
		assess_finish_ns.push_back(finish / rows.size());
	}
	std::printf("%zu items, %zu groups, %d passes (checksum %ld); ns per item, median (minimum):\n", rows.size(),
	            starts.size() - 1, passes, checksum);
	std::printf("  MakeItem          %7.1f (%5.1f)\n", Median(make_ns), Min(make_ns));
	std::printf("  balance: add      %7.1f (%5.1f)   finish %7.1f (%5.1f)\n", Median(balance_add_ns), Min(balance_add_ns),
	            Median(balance_finish_ns), Min(balance_finish_ns));
	std::printf("  assess:  add      %7.1f (%5.1f)   finish %7.1f (%5.1f)\n", Median(assess_add_ns), Min(assess_add_ns),
	            Median(assess_finish_ns), Min(assess_finish_ns));
	return 0;
}
