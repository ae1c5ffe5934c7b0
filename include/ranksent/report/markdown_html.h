// The report's Markdown as one self-contained HTML page: the subset the
// report writes (headings, paragraphs, pipe tables, bullet lists, fenced
// code, images, links to files beside it, `code` and **bold**), images and
// linked files inlined as data: URIs so the page travels as a single file.
#pragma once
#include <filesystem>
#include <string>

namespace ranksent {

// `images` is the folder relative image paths are read from; an image that
// cannot be read is an InputError naming it (a report must not point nowhere).
std::string markdown_to_html(const std::string& markdown, const std::string& title,
                             const std::filesystem::path& images);

std::string base64(const std::string& bytes);
std::string html_escape(const std::string& text);

}  // namespace ranksent
