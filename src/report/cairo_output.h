// One cairo drawing written twice, as PNG and as SVG, each file atomically
// (a temporary file beside it, then a rename): the figures of the analyses
// and the report.
#pragma once
#include <filesystem>
#include <functional>

#include <cairo.h>

namespace ranksent {

void write_png_and_svg(double width, double height, const std::function<void(cairo_t*)>& draw,
                       const std::filesystem::path& png, const std::filesystem::path& svg);

}  // namespace ranksent
