#include "cairo_output.h"

#include <stdexcept>
#include <string>

#include <cairo-svg.h>
#include <fmt/core.h>

namespace ranksent {

namespace {

void check(cairo_status_t status, const std::filesystem::path& path) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(path.string() + ": cairo: " + cairo_status_to_string(status));
}

std::filesystem::path temp_beside(const std::filesystem::path& p) {
  return p.parent_path() / fmt::format(".{}.tmp", p.filename().string());
}

}  // namespace

void write_png_and_svg(double width, double height, const std::function<void(cairo_t*)>& draw,
                       const std::filesystem::path& png, const std::filesystem::path& svg) {
  const auto png_tmp = temp_beside(png), svg_tmp = temp_beside(svg);
  cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, int(width), int(height));
  cairo_t* cr = cairo_create(image);
  draw(cr);
  cairo_destroy(cr);
  const auto png_status = cairo_surface_write_to_png(image, png_tmp.c_str());
  cairo_surface_destroy(image);
  check(png_status, png);

  cairo_surface_t* vector = cairo_svg_surface_create(svg_tmp.c_str(), width, height);
  cr = cairo_create(vector);
  draw(cr);
  cairo_destroy(cr);
  cairo_surface_finish(vector);
  const auto svg_status = cairo_surface_status(vector);
  cairo_surface_destroy(vector);
  check(svg_status, svg);
  std::filesystem::rename(png_tmp, png);
  std::filesystem::rename(svg_tmp, svg);
}

}  // namespace ranksent
