#include "ranksent/io/npy.h"

#include <stdexcept>
#include <string>

#include "ranksent/io/atomic_file.h"

namespace ranksent {

void write_npy(const std::filesystem::path& path, const std::vector<float>& data, std::int64_t rows, std::int64_t cols) {
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
