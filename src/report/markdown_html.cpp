#include "ranksent/report/markdown_html.h"

#include <sstream>
#include <vector>

#include "ranksent/error.h"
#include "ranksent/io/whole_file.h"

namespace ranksent {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> table_cells(const std::string& line) {
  std::string s = trim(line);
  if (!s.empty() && s.front() == '|') s.erase(0, 1);
  if (!s.empty() && s.back() == '|') s.pop_back();
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (s[i] == '|') {
      cells.push_back(trim(cell));
      cell.clear();
    } else {
      cell += s[i];
    }
  }
  cells.push_back(trim(cell));
  return cells;
}

bool is_rule(const std::string& line) {
  const std::string s = trim(line);
  return s.size() > 2 && s.front() == '|' && s.find_first_not_of("|:- ") == std::string::npos;
}

std::string mime_of(const std::filesystem::path& p) {
  const auto ext = p.extension().string();
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".csv") return "text/csv";
  return "image/png";
}

// [text](file): a link to a file beside the report (a figure's SVG, its
// data), carried in the page as a data: URI so the page stays one file.
// Anything else in brackets (a sentence of a list, say) stays text: "" then.
std::string file_link(const std::string& s, std::size_t i, const std::filesystem::path& images, std::size_t& next) {
  const auto close = s.find("](", i + 1);
  const auto end = close == std::string::npos ? close : s.find(')', close + 2);
  if (end == std::string::npos || s.find(']', i + 1) != close) return {};
  const std::string text = s.substr(i + 1, close - i - 1), target = s.substr(close + 2, end - close - 2);
  const std::filesystem::path path(target);
  std::error_code ec;
  if (target.empty() || path.is_absolute() || !std::filesystem::is_regular_file(images / path, ec)) return {};
  next = end + 1;
  return "<a download=\"" + html_escape(path.filename().string()) + "\" href=\"data:" + mime_of(path) + ";base64," +
         base64(read_whole_file(images / path)) + "\">" + html_escape(text) + "</a>";
}

// Inline spans: `code`, **bold**, ![alt](src) images, [text](file) links;
// the rest escaped.
std::string inline_html(const std::string& s, const std::filesystem::path& images) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '`') {
      const auto end = s.find('`', i + 1);
      if (end != std::string::npos) {
        out += "<code>" + html_escape(s.substr(i + 1, end - i - 1)) + "</code>";
        i = end + 1;
        continue;
      }
    }
    if (s.compare(i, 2, "**") == 0) {
      const auto end = s.find("**", i + 2);
      if (end != std::string::npos) {
        out += "<strong>" + inline_html(s.substr(i + 2, end - i - 2), images) + "</strong>";
        i = end + 2;
        continue;
      }
    }
    if (s.compare(i, 2, "![") == 0) {
      const auto close = s.find("](", i + 2);
      const auto end = close == std::string::npos ? close : s.find(')', close + 2);
      if (end != std::string::npos) {
        const std::string alt = s.substr(i + 2, close - i - 2), src = s.substr(close + 2, end - close - 2);
        const std::filesystem::path path =
            std::filesystem::path(src).is_absolute() ? std::filesystem::path(src) : images / src;
        out += "<img alt=\"" + html_escape(alt) + "\" src=\"data:" + mime_of(path) + ";base64," +
               base64(read_whole_file(path)) + "\">";
        i = end + 1;
        continue;
      }
    }
    if (s[i] == '[') {
      std::size_t next = 0;
      const std::string link = file_link(s, i, images, next);
      if (!link.empty()) {
        out += link;
        i = next;
        continue;
      }
    }
    out += html_escape(std::string(1, s[i]));
    ++i;
  }
  return out;
}

constexpr const char* kStyle =
    R"(body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}th,td{border:1px solid #ccc;padding:.25em .55em}
th{background:#f2f2f2}td{text-align:right}td:first-child{text-align:left}img{max-width:100%;margin:.4em 0}
code,pre{background:#f6f6f6;font-size:.9em}pre{padding:.6em;overflow-x:auto}h1,h2,h3{margin-top:1.4em})";

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string base64(const std::string& bytes) {
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const unsigned n = std::min<std::size_t>(3, bytes.size() - i);
    unsigned v = unsigned(static_cast<unsigned char>(bytes[i])) << 16;
    if (n > 1) v |= unsigned(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (n > 2) v |= unsigned(static_cast<unsigned char>(bytes[i + 2]));
    out += abc[(v >> 18) & 63];
    out += abc[(v >> 12) & 63];
    out += n > 1 ? abc[(v >> 6) & 63] : '=';
    out += n > 2 ? abc[v & 63] : '=';
  }
  return out;
}

std::string markdown_to_html(const std::string& markdown, const std::string& title,
                             const std::filesystem::path& images) {
  const auto lines = split_lines(markdown);
  std::string body;
  std::string paragraph;
  auto flush = [&] {
    if (!paragraph.empty()) body += "<p>" + inline_html(paragraph, images) + "</p>\n";
    paragraph.clear();
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string line = lines[i], t = trim(line);
    if (t.empty()) {
      flush();
    } else if (t.rfind("```", 0) == 0) {
      flush();
      body += "<pre>";
      while (++i < lines.size() && trim(lines[i]).rfind("```", 0) != 0) body += html_escape(lines[i]) + "\n";
      body += "</pre>\n";
    } else if (t[0] == '#') {
      flush();
      const auto level = std::min<std::size_t>(t.find_first_not_of('#'), 6);
      body += "<h" + std::to_string(level) + ">" + inline_html(trim(t.substr(level)), images) + "</h" +
              std::to_string(level) + ">\n";
    } else if (t[0] == '|' && i + 1 < lines.size() && is_rule(lines[i + 1])) {
      flush();
      body += "<table>\n<thead><tr>";
      for (const auto& c : table_cells(t)) body += "<th>" + inline_html(c, images) + "</th>";
      body += "</tr></thead>\n<tbody>\n";
      for (i += 2; i < lines.size() && !trim(lines[i]).empty() && trim(lines[i])[0] == '|'; ++i) {
        body += "<tr>";
        for (const auto& c : table_cells(lines[i])) body += "<td>" + inline_html(c, images) + "</td>";
        body += "</tr>\n";
      }
      --i;
      body += "</tbody>\n</table>\n";
    } else if (t.rfind("- ", 0) == 0) {
      flush();
      body += "<ul>\n";
      for (; i < lines.size() && trim(lines[i]).rfind("- ", 0) == 0; ++i)
        body += "<li>" + inline_html(trim(lines[i]).substr(2), images) + "</li>\n";
      --i;
      body += "</ul>\n";
    } else {
      paragraph += (paragraph.empty() ? "" : " ") + t;
    }
  }
  flush();
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(title) +
         "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
}

}  // namespace ranksent
