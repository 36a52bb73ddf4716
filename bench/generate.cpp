// Benchmark ledger generator: N customers with a realistic mix of about 10 open items each,
// as CSV for COPY. Seeded and platform-independent (SplitMix64, no std distributions), so a seed
// always gives the same file.
//
//   dunning_bench_generate CUSTOMERS SEED > items.csv
//   columns: customer_id,item_id,kind,amount,open_amount,due_date,disputed,hold_until,on_plan
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

class Rng {
public:
	explicit Rng(std::uint64_t seed) : state_(seed) {
	}
	std::uint64_t
	Next() {
		std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
		z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
		return z ^ (z >> 31);
	}
	// Uniform in [lo, hi].
	std::int64_t
	Between(std::int64_t lo, std::int64_t hi) {
		return lo + static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(hi - lo + 1));
	}
	bool
	Percent(int p) {
		return Between(1, 100) <= p;
	}

private:
	std::uint64_t state_;
};

// Days since 2000-01-01 to ISO text, for dates around the benchmark's as_of (2026-03-02).
std::string
IsoDate(int offset_from_as_of) {
	// 2026-03-02 is day 9557 after 2000-01-01; civil-from-days (Howard Hinnant).
	long z = 9557 + offset_from_as_of + 10957 + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = static_cast<unsigned>(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = static_cast<long>(yoe) + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	char buf[16];
	std::snprintf(buf, sizeof buf, "%04ld-%02u-%02u", y + (m <= 2), m, d);
	return buf;
}

// An amount in cents as decimal text.
std::string
Amount(std::int64_t cents) {
	char buf[32];
	std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100), static_cast<long long>(cents % 100));
	return buf;
}

void
Row(const char *customer, const std::string &id, const char *kind, std::int64_t amount, std::int64_t open,
    int due_offset, bool disputed, const std::string &hold_until, bool on_plan) {
	std::printf("%s,%s,%s,%s,%s,%s,%s,%s,%s\n", customer, id.c_str(), kind, Amount(amount).c_str(), Amount(open).c_str(),
	            IsoDate(due_offset).c_str(), disputed ? "t" : "f", hold_until.c_str(), on_plan ? "t" : "f");
}

} // namespace

int
main(int argc, char **argv) {
	if (argc != 3) {
		std::fprintf(stderr, "usage: %s CUSTOMERS SEED\n", argv[0]);
		return 2;
	}
	long customers = std::atol(argv[1]);
	Rng rng(std::strtoull(argv[2], nullptr, 10));
	long next_id = 1;
	for (long c = 1; c <= customers; ++c) {
		char customer[24];
		std::snprintf(customer, sizeof customer, "C%07ld", c);
		auto id = [&](const char *prefix) { return std::string(prefix) + std::to_string(next_id++); };

		int invoices = static_cast<int>(rng.Between(7, 12));
		for (int i = 0; i < invoices; ++i) {
			std::int64_t amount = rng.Percent(20) ? rng.Between(100, 3000) : rng.Between(3000, 500000);
			std::int64_t open = amount;
			if (rng.Percent(15))
				open = rng.Between(1, amount);
			else if (rng.Percent(8))
				open = 0;
			std::string hold = rng.Percent(3) ? IsoDate(static_cast<int>(rng.Between(-10, 40))) : "";
			Row(customer, id("INV-"), "invoice", amount, open, static_cast<int>(rng.Between(-120, 30)), rng.Percent(3), hold,
			    false);
		}
		if (rng.Percent(20)) {
			std::int64_t amount = rng.Between(1000, 100000);
			Row(customer, id("CN-"), "credit_note", amount, amount, static_cast<int>(rng.Between(-60, 0)), false, "", false);
		}
		if (rng.Percent(15)) {
			std::int64_t amount = rng.Between(1000, 200000);
			Row(customer, id("PAY-"), "payment", amount, amount, static_cast<int>(rng.Between(-30, 0)), false, "", false);
		}
		if (rng.Percent(5)) {
			std::int64_t amount = rng.Between(1000, 200000);
			Row(customer, id("BR-"), "bank_receipt", amount, amount, static_cast<int>(rng.Between(-2, 0)), false, "", false);
		}
		if (rng.Percent(15))
			Row(customer, id("FEE-"), "fee", 1500, 1500, static_cast<int>(rng.Between(-60, 0)), false, "", false);
		if (rng.Percent(5)) {
			std::int64_t amount = rng.Between(100, 5000);
			Row(customer, id("INT-"), "interest", amount, amount, static_cast<int>(rng.Between(-60, 0)), false, "", false);
		}
		if (rng.Percent(2)) { // a payment plan: the invoice and three instalments
			std::int64_t part = rng.Between(10000, 100000);
			Row(customer, id("PLAN-"), "invoice", 3 * part, 3 * part, -90, false, "", true);
			for (int k = 0; k < 3; ++k)
				Row(customer, id("INST-"), "installment", part, part, -45 + 30 * k, false, "", false);
		}
	}
	return 0;
}
