// Layout of the letter (A4 portrait, all positions in mm from the top left corner):
//   sender block      x 125, y 20            right column: sender, address, registration
//   return line       x 20..105, y 47        small, above the address (inside the window)
//   address           x 20..105, y 60..90    the window of a DL/C5 window envelope (DIN 5008 B)
//   reference + date  x 125, y 60            beside the window: customer, letter, date
//   subject, body     x 25..190, from y 95   flows over pages, table lines in a monospace font
//   item table        after the body
//   payment slip      the bottom 60 mm of the last page (a new page if the body reaches it)
#include "client/pdf.hpp"

#include <algorithm>
#include <cairo-pdf.h>
#include <cairo.h>
#include <cstdio>
#include <cstdlib>
#include <pango/pangocairo.h>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "client/epc.hpp"
#include "client/format.hpp"

namespace pg_dunning {

namespace {

constexpr double kPageWidth = 210 * kMm;
constexpr double kPageHeight = 297 * kMm;
constexpr double kLeft = 25 * kMm;
constexpr double kRight = 190 * kMm;
constexpr double kTop = 20 * kMm;
constexpr double kBottom = 280 * kMm;
constexpr double kSlipHeight = 60 * kMm;

cairo_status_t
AppendToString(void *closure, const unsigned char *data, unsigned int length) {
	static_cast<std::string *>(closure)->append(reinterpret_cast<const char *>(data), length);
	return CAIRO_STATUS_SUCCESS;
}

/* Draws onto a cairo context page after page. */
class Writer {
  public:
	Writer(cairo_t *cr, const Letter &letter) : cr_(cr), letter_(letter) {}

	/* A pango layout of text in a font, wrapped at width (points). */
	PangoLayout *Layout(const std::string &text, const char *font, double width) {
		PangoLayout *layout = pango_cairo_create_layout(cr_);
		PangoFontDescription *description = pango_font_description_from_string(font);
		pango_layout_set_font_description(layout, description);
		pango_font_description_free(description);
		if (width > 0) {
			pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
			pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
		}
		pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
		return layout;
	}

	/* Text at a fixed position (no page break); returns its height. */
	double Place(const std::string &text, const char *font, double x, double y, double width,
				 PangoAlignment align = PANGO_ALIGN_LEFT) {
		PangoLayout *layout = Layout(text, font, width);
		pango_layout_set_alignment(layout, align);
		cairo_move_to(cr_, x, y);
		pango_cairo_show_layout(cr_, layout);
		int w = 0, h = 0;
		pango_layout_get_size(layout, &w, &h);
		g_object_unref(layout);
		return static_cast<double>(h) / PANGO_SCALE;
	}

	/* Text flowing from the cursor, line by line, onto new pages when the page is full. */
	void Flow(const std::string &text, const char *font, double x, double width) {
		PangoLayout *layout = Layout(text, font, width);
		PangoLayoutIter *iter = pango_layout_get_iter(layout);
		double shift = y_;
		do {
			PangoRectangle logical;
			pango_layout_iter_get_line_extents(iter, nullptr, &logical);
			double top = static_cast<double>(logical.y) / PANGO_SCALE;
			double bottom = top + static_cast<double>(logical.height) / PANGO_SCALE;
			if (shift + bottom > kBottom - 8 * kMm) {
				NewPage();
				shift = y_ - top;
			}
			double baseline = static_cast<double>(pango_layout_iter_get_baseline(iter)) / PANGO_SCALE;
			cairo_move_to(cr_, x + static_cast<double>(logical.x) / PANGO_SCALE, shift + baseline);
			pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(iter));
			y_ = shift + bottom;
		} while (pango_layout_iter_next_line(iter));
		pango_layout_iter_free(iter);
		g_object_unref(layout);
	}

	void Footer() {
		std::string text = Label("letter", letter_.locale) + " " + std::to_string(letter_.letter_id) + " · " +
						   Label("page", letter_.locale) + " " + std::to_string(page_);
		cairo_set_source_rgb(cr_, 0.4, 0.4, 0.4);
		Place(text, "DejaVu Sans 7", kLeft, 287 * kMm, kRight - kLeft, PANGO_ALIGN_RIGHT);
		cairo_set_source_rgb(cr_, 0, 0, 0);
	}

	void NewPage() {
		Footer();
		cairo_show_page(cr_);
		page_++;
		y_ = kTop;
	}

	void Finish() {
		Footer();
		cairo_show_page(cr_);
	}

	double &Y() { return y_; }
	cairo_t *Cr() { return cr_; }

  private:
	cairo_t *cr_;
	const Letter &letter_;
	double y_ = kTop;
	int page_ = 1;
};

/* A pango font description: family and size in points. */
std::string
FontOf(const char *family, double size) {
	char buffer[64];
	std::snprintf(buffer, sizeof buffer, "%s %.1f", family, size);
	return buffer;
}

/* Whether a line belongs to a table (columns aligned with runs of spaces). */
bool
TableLine(const std::string &line) {
	return line.find("  ") != std::string::npos && line.find_first_not_of(' ') != std::string::npos;
}

/* The body in blocks: prose in DejaVu Sans, aligned tables in DejaVu Sans Mono. */
void
FlowBody(Writer &writer, const std::string &body) {
	std::vector<std::pair<bool, std::string>> blocks;
	size_t start = 0;
	while (start <= body.size()) {
		size_t end = body.find('\n', start);
		std::string line = body.substr(start, end == std::string::npos ? std::string::npos : end - start);
		bool table = TableLine(line);
		if (blocks.empty() || blocks.back().first != table)
			blocks.emplace_back(table, line);
		else
			blocks.back().second += "\n" + line;
		if (end == std::string::npos)
			break;
		start = end + 1;
	}
	for (const auto &[table, text] : blocks) {
		if (!table) {
			writer.Flow(text, "DejaVu Sans 9.5", kLeft, kRight - kLeft);
			continue;
		}
		// An aligned table must not wrap: its font shrinks until the widest line fits, from 8 pt
		// down to at least 5.5 pt (measured unwrapped, as pango lays it out).
		PangoLayout *unwrapped = writer.Layout(text, "DejaVu Sans Mono 8", 0);
		int width = 0, height = 0;
		pango_layout_get_size(unwrapped, &width, &height);
		g_object_unref(unwrapped);
		double natural = static_cast<double>(width) / PANGO_SCALE;
		double size = natural <= kRight - kLeft ? 8.0 : std::max(5.5, 8.0 * (kRight - kLeft) / natural - 0.05);
		writer.Flow(text, FontOf("DejaVu Sans Mono", size).c_str(), kLeft, kRight - kLeft);
	}
}

/* Whether the body already lists every item (the shipped texts' {items} table). */
bool
BodyListsItems(const Letter &letter) {
	return std::all_of(letter.items.begin(), letter.items.end(),
					   [&](const LetterItem &item) { return letter.body.find(item.item_id) != std::string::npos; });
}

void
ItemTable(Writer &writer, const Letter &letter) {
	if (letter.items.empty())
		return;
	const std::string &locale = letter.locale;
	cairo_t *cr = writer.Cr();
	const double columns[] = {kLeft, kLeft + 52 * kMm, kLeft + 92 * kMm, kLeft + 135 * kMm};
	auto cells = [&](const std::string &a, const std::string &b, const std::string &c, const std::string &d,
					 const char *font) {
		double y = writer.Y();
		double h = writer.Place(a, font, columns[0], y, 50 * kMm);
		h = std::max(h, writer.Place(b, font, columns[1], y, 40 * kMm));
		h = std::max(h, writer.Place(c, font, columns[2], y, 35 * kMm, PANGO_ALIGN_RIGHT));
		h = std::max(h, writer.Place(d, font, columns[3], y, 30 * kMm, PANGO_ALIGN_RIGHT));
		writer.Y() = y + h + 1;
	};
	// the header, again at the top of every page the table continues on
	auto header = [&] {
		cells(Label("document", locale), Label("due_date", locale), Label("open_amount", locale),
			  Label("days_overdue", locale), "DejaVu Sans Bold 8.5");
		cairo_set_line_width(cr, 0.5);
		cairo_move_to(cr, kLeft, writer.Y());
		cairo_line_to(cr, kRight, writer.Y());
		cairo_stroke(cr);
		writer.Y() += 1;
	};
	writer.Y() += 4 * kMm;
	if (writer.Y() + 12 * kMm > kBottom - 8 * kMm)
		writer.NewPage();
	header();
	for (const LetterItem &item : letter.items) {
		if (writer.Y() + 6 * kMm > kBottom - 8 * kMm) {
			writer.NewPage();
			header();
		}
		cells(item.item_id, FormatDate(item.due_date, locale), FormatMoney(item.open_amount, letter.currency, locale),
			  item.days_overdue, "DejaVu Sans 8.5");
	}
}

void
DrawQr(cairo_t *cr, const QrMatrix &qr, double x, double y, double size) {
	double module = size / (qr.width + 8); // 4 modules of quiet zone on each side
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < qr.width; r++)
		for (int c = 0; c < qr.width; c++)
			if (qr.modules[static_cast<size_t>(r * qr.width + c)])
				cairo_rectangle(cr, x + (c + 4) * module, y + (r + 4) * module, module, module);
	cairo_fill(cr);
}

void
PaymentSlip(Writer &writer, const Letter &letter, const Settings &settings) {
	const std::string &locale = letter.locale;
	std::string iban = Setting(settings, "iban");
	if (iban.empty() && letter.total.empty())
		return;
	if (writer.Y() > kPageHeight - kSlipHeight - 3 * kMm)
		writer.NewPage();
	cairo_t *cr = writer.Cr();
	double top = kPageHeight - kSlipHeight;
	double dashes[] = {3.0, 2.0};
	cairo_set_dash(cr, dashes, 2, 0);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, 0, top);
	cairo_line_to(cr, kPageWidth, top);
	cairo_stroke(cr);
	cairo_set_dash(cr, nullptr, 0, 0);

	double y = top + 6 * kMm;
	y += writer.Place(Label("payment", locale), "DejaVu Sans Bold 11", kLeft, y, 110 * kMm) + 2 * kMm;
	auto field = [&](const std::string &label, const std::string &value) {
		if (value.empty())
			return;
		writer.Place(label, "DejaVu Sans 8", kLeft, y, 35 * kMm);
		y += writer.Place(value, "DejaVu Sans Bold 9.5", kLeft + 36 * kMm, y, 85 * kMm) + 1.5 * kMm;
	};
	field(Label("beneficiary", locale), Setting(settings, "sender"));
	field("IBAN", iban);
	field("BIC", Setting(settings, "bic"));
	field(Label("amount", locale), letter.total.empty() ? "" : FormatMoney(letter.total, letter.currency, locale));
	field(Label("reference", locale), letter.payment_reference);
	field(Label("pay_by", locale), FormatDate(letter.pay_by, locale));

	auto payload = EpcPayload(Setting(settings, "sender"), iban, Setting(settings, "bic"), letter.currency,
							  letter.total, letter.payment_reference);
	if (payload) {
		QrMatrix qr = EncodeQr(*payload);
		if (qr.width > 0) {
			double size = 38 * kMm;
			DrawQr(cr, qr, kRight - size, top + 5 * kMm, size);
			writer.Place(Label("scan", locale), "DejaVu Sans 7", kRight - size, top + 5 * kMm + size, size,
						 PANGO_ALIGN_CENTER);
		}
	}
}

/* One letter onto a PDF context, from a new page to its last page (shown). */
void
DrawLetter(cairo_t *cr, const Letter &letter, const Settings &settings) {
	Writer writer(cr, letter);
	const std::string &locale = letter.locale;
	cairo_set_source_rgb(cr, 0, 0, 0);

	// sender block
	std::string sender = Setting(settings, "sender");
	double y = kTop;
	if (!sender.empty())
		y += writer.Place(sender, "DejaVu Sans Bold 10", 125 * kMm, y, 65 * kMm);
	std::string details = Setting(settings, "sender_address");
	for (const char *name : {"sender_registration", "dispute_contact"})
		if (!Setting(settings, name).empty())
			details += (details.empty() ? "" : "\n") + Setting(settings, name);
	if (!details.empty())
		writer.Place(details, "DejaVu Sans 8", 125 * kMm, y + 1 * kMm, 65 * kMm);

	// the window: return line and address
	std::string return_line = sender;
	std::string sender_address = Setting(settings, "sender_address");
	for (char &c : sender_address)
		if (c == '\n')
			c = '\t';
	for (size_t tab; (tab = sender_address.find('\t')) != std::string::npos;)
		sender_address.replace(tab, 1, ", ");
	if (!sender_address.empty())
		return_line += (return_line.empty() ? "" : ", ") + sender_address;
	if (!return_line.empty())
		writer.Place(return_line, "DejaVu Sans 6.5", 20 * kMm, 47 * kMm, 85 * kMm);
	std::string address = letter.addressee_name;
	if (!letter.postal_address.empty())
		address += (address.empty() ? "" : "\n") + letter.postal_address;
	writer.Place(address, "DejaVu Sans 10", 20 * kMm, 60 * kMm, 85 * kMm);

	// reference and date
	std::string reference = Label("customer", locale) + " " + letter.customer_id + "\n" + Label("letter", locale) +
							" " + std::to_string(letter.letter_id) + "\n" + FormatDate(letter.as_of, locale);
	writer.Place(reference, "DejaVu Sans 9", 125 * kMm, 60 * kMm, 65 * kMm);

	writer.Y() = 95 * kMm;
	writer.Flow(letter.subject, "DejaVu Sans Bold 11", kLeft, kRight - kLeft);
	writer.Y() += 4 * kMm;
	FlowBody(writer, letter.body);
	// a template without {items}: the items as a table of the PDF's own
	if (!BodyListsItems(letter))
		ItemTable(writer, letter);
	PaymentSlip(writer, letter, settings);
	writer.Finish();
}

} // namespace

std::string
RenderLetterPdf(const Letter &letter, const Settings &settings) {
	std::string bytes;
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(AppendToString, &bytes, kPageWidth, kPageHeight);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, letter.subject.c_str());
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "pg_dunning");
	cairo_t *cr = cairo_create(surface);
	DrawLetter(cr, letter, settings);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	cairo_status_t status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS)
		throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(status));
	return bytes;
}

struct BatchPdf::Impl {
	std::string temporary;
	cairo_surface_t *surface = nullptr;
	cairo_t *cr = nullptr;
};

BatchPdf::BatchPdf(const std::string &path) : impl_(std::make_unique<Impl>()), path_(path) {
	impl_->temporary = path + ".part";
	impl_->surface = cairo_pdf_surface_create(impl_->temporary.c_str(), kPageWidth, kPageHeight);
	cairo_pdf_surface_set_metadata(impl_->surface, CAIRO_PDF_METADATA_CREATOR, "pg_dunning");
	impl_->cr = cairo_create(impl_->surface);
}

BatchPdf::~BatchPdf() {
	if (impl_->cr != nullptr) {
		cairo_destroy(impl_->cr);
		cairo_surface_destroy(impl_->surface);
		std::remove(impl_->temporary.c_str());
	}
}

void
BatchPdf::Add(const Letter &letter, const Settings &settings) {
	DrawLetter(impl_->cr, letter, settings);
	letters_++;
}

bool
BatchPdf::Finish(std::string &error) {
	cairo_destroy(impl_->cr);
	impl_->cr = nullptr;
	cairo_surface_finish(impl_->surface);
	cairo_status_t status = cairo_surface_status(impl_->surface);
	cairo_surface_destroy(impl_->surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		error = std::string("cannot write ") + impl_->temporary + ": " + cairo_status_to_string(status);
		std::remove(impl_->temporary.c_str());
		return false;
	}
	if (std::rename(impl_->temporary.c_str(), path_.c_str()) != 0) {
		error = "cannot rename " + impl_->temporary + " to " + path_;
		return false;
	}
	return true;
}

} // namespace pg_dunning
