// The print-ready A4 PDF of a letter (cairo + pango, DejaVu fonts): sender block, the address in
// the window of a DIN 5008 / C5-C6 window envelope (20 mm from the left, 45 to 90 mm from the top),
// date, subject, body, item table and a payment slip with an EPC QR code when the currency is EUR
// and an IBAN is set.
#pragma once

#include <memory>
#include <string>

#include "client/letter.hpp"

namespace pg_dunning {

// One letter as a PDF document (the bytes).
std::string RenderLetterPdf(const Letter &letter, const Settings &settings);

// The batch PDF of a run's post letters in a delivery pass: the letters one after the other, each
// starting on a new page.
class BatchPdf {
  public:
	explicit BatchPdf(const std::string &path);
	~BatchPdf();
	BatchPdf(const BatchPdf &) = delete;
	BatchPdf &operator=(const BatchPdf &) = delete;
	void Add(const Letter &letter, const Settings &settings);
	// Finishes the file (written under a temporary name, renamed when complete); returns false
	// with a message on failure.
	bool Finish(std::string &error);
	int Letters() const { return letters_; }
	const std::string &Path() const { return path_; }

  private:
	struct Impl;
	std::unique_ptr<Impl> impl_;
	std::string path_;
	int letters_ = 0;
};

// Mm to PDF points.
constexpr double kMm = 72.0 / 25.4;

} // namespace pg_dunning
