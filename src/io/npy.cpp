#include "ranksent/io/npy.h"

#include <stdexcept>
#include <string>

#include "ranksent/io/atomic_file.h"

namespace ranksent {

void write_npy(const std::filesystem::path& path, const std::vector<float>& data, std::int64_t rows,
               std::int64_t cols) {
  if (std::int64_t(data.size()) != rows * cols) throw std::invalid_argument("write_npy: size does not match shape");
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(rows) + ", " +
                       std::to_string(cols) + "), }";
  // Magic (6) + version (2) + length (2) + header + '\n' is padded to a multiple of 64.
  std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  AtomicFile out(path);
  out.write("\x93NUMPY\x01\x00", 8);
  std::uint16_t len = std::uint16_t(header.size());
  out.write(&len, 2);
  out.write(header);
  out.write(data.data(), data.size() * sizeof(float));
  out.commit();
}

}  // namespace ranksent

#include <cstring>
#include <fstream>
#include <regex>

#include "ranksent/error.h"

namespace ranksent {

NpyMatrix read_npy(const std::filesystem::path& path) {
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(file, "cannot open .npy file");
  char magic[8];
  in.read(magic, 8);
  if (in.gcount() != 8 || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw InputError(file, "not a .npy file");
  std::uint32_t header_len = 0;
  if (magic[6] == 1) {
    std::uint16_t n = 0;
    in.read(reinterpret_cast<char*>(&n), 2);
    header_len = n;
  } else {
    in.read(reinterpret_cast<char*>(&header_len), 4);
  }
  std::string header(header_len, '\0');
  in.read(header.data(), header_len);
  std::smatch m;
  if (!std::regex_search(header, m, std::regex("'descr':\\s*'([<|>]?[fi]\\d)'")))
    throw InputError(file, "no dtype in the header", 0, "descr");
  const std::string descr = m[1];
  if (header.find("'fortran_order': True") != std::string::npos)
    throw InputError(file, "Fortran order is not supported", 0, "fortran_order");
  if (!std::regex_search(header, m, std::regex("'shape':\\s*\\((\\d+),\\s*(\\d*)\\)")))
    throw InputError(file, "only 1-D and 2-D arrays are supported", 0, "shape");
  NpyMatrix out;
  out.rows = std::stoll(m[1]);
  out.cols = m[2].length() ? std::stoll(m[2]) : 1;
  const std::size_t n = std::size_t(out.rows * out.cols);
  out.data.resize(n);
  if (descr.ends_with("f4")) {
    in.read(reinterpret_cast<char*>(out.data.data()), std::streamsize(n * 4));
    if (std::size_t(in.gcount()) != n * 4) throw InputError(file, "file is shorter than its shape says");
  } else if (descr.ends_with("f8")) {
    std::vector<double> d(n);
    in.read(reinterpret_cast<char*>(d.data()), std::streamsize(n * 8));
    if (std::size_t(in.gcount()) != n * 8) throw InputError(file, "file is shorter than its shape says");
    for (std::size_t i = 0; i < n; ++i) out.data[i] = float(d[i]);
  } else {
    throw InputError(file, "unsupported dtype " + descr, 0, "descr");
  }
  return out;
}

}  // namespace ranksent
