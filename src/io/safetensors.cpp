#include "ranksent/io/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "ranksent/error.h"
#include "ranksent/io/atomic_file.h"

namespace ranksent {

namespace {

// The reference implementation refuses headers above 100 MB.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

const std::pair<const char*, DType> kDTypes[] = {
    {"F64", DType::F64}, {"F32", DType::F32}, {"F16", DType::F16}, {"BF16", DType::BF16}, {"I64", DType::I64},
    {"I32", DType::I32}, {"I16", DType::I16}, {"I8", DType::I8},   {"U8", DType::U8},     {"BOOL", DType::Bool}};

}  // namespace

std::size_t dtype_size(DType d) {
  switch (d) {
    case DType::F64:
    case DType::I64:
      return 8;
    case DType::F32:
    case DType::I32:
      return 4;
    case DType::F16:
    case DType::BF16:
    case DType::I16:
      return 2;
    case DType::I8:
    case DType::U8:
    case DType::Bool:
      return 1;
  }
  return 0;
}

const char* dtype_name(DType d) {
  for (auto& [name, dt] : kDTypes)
    if (dt == d) return name;
  return "?";
}

std::int64_t TensorInfo::numel() const {
  std::int64_t n = 1;
  for (auto s : shape) n *= s;
  return n;
}

float half_to_float(std::uint16_t h) {
  std::uint32_t sign = std::uint32_t(h & 0x8000) << 16;
  std::uint32_t exp = (h >> 10) & 0x1f;
  std::uint32_t mant = h & 0x3ff;
  std::uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: renormalise
      exp = 127 - 15 + 1;
      while (!(mant & 0x400)) {
        mant <<= 1;
        --exp;
      }
      bits = sign | (exp << 23) | ((mant & 0x3ff) << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000 | (mant << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

float bfloat16_to_float(std::uint16_t b) {
  std::uint32_t bits = std::uint32_t(b) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

struct SafetensorsFile::Impl {
  std::filesystem::path path;
  void* map = nullptr;
  std::size_t map_size = 0;
  const std::byte* data = nullptr;  // start of the data section
  std::vector<TensorInfo> tensors;
  std::map<std::string, std::size_t> index;
  std::map<std::string, std::string> metadata;

  ~Impl() {
    if (map && map != MAP_FAILED) munmap(map, map_size);
  }
};

SafetensorsFile::SafetensorsFile(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SafetensorsFile::SafetensorsFile(SafetensorsFile&&) noexcept = default;
SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&&) noexcept = default;
SafetensorsFile::~SafetensorsFile() = default;

namespace {

InputError invalid(const std::string& file, const std::string& reason, const std::string& field = {}) {
  return InputError(file, "not a valid safetensors file: " + reason, 0, field);
}

struct Mapping {
  void* map;
  std::size_t size;
};

// The whole file, mapped read-only; refused below the 8-byte header length.
Mapping map_file(const std::string& file) {
  int fd = ::open(file.c_str(), O_RDONLY);
  if (fd < 0) throw InputError(file, std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    ::close(fd);
    throw InputError(file, "cannot stat");
  }
  const auto size = std::size_t(st.st_size);
  if (size < 8) {
    ::close(fd);
    throw invalid(file, "file is " + std::to_string(size) + " bytes, shorter than the 8-byte header length");
  }
  void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) throw InputError(file, "mmap failed");
  return {map, size};
}

// The JSON header after its 8-byte length; `header_len` is that length.
nlohmann::json read_header(const std::string& file, const std::byte* base, std::size_t size,
                           std::uint64_t& header_len) {
  std::memcpy(&header_len, base, 8);  // little-endian on every supported host
  if (header_len > kMaxHeaderBytes)
    throw invalid(file, "header length " + std::to_string(header_len) + " exceeds 100 MB");
  if (header_len > size - 8)
    throw invalid(file, "header length " + std::to_string(header_len) + " runs past the end of the file (" +
                            std::to_string(size) + " bytes): truncated file?");
  std::string_view header(reinterpret_cast<const char*>(base + 8), header_len);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(header);
  } catch (const nlohmann::json::exception& e) {
    throw invalid(file, std::string("header is not JSON: ") + e.what());
  }
  if (!j.is_object()) throw invalid(file, "header is not a JSON object");
  return j;
}

void read_metadata(const std::string& file, const nlohmann::json& entry, std::map<std::string, std::string>& out) {
  if (!entry.is_object()) throw invalid(file, "__metadata__ is not an object", "__metadata__");
  for (auto& [k, v] : entry.items()) {
    if (!v.is_string()) throw invalid(file, "__metadata__ values must be strings", k);
    out[k] = v.get<std::string>();
  }
}

DType entry_dtype(const std::string& file, const std::string& name, const nlohmann::json& dt) {
  auto it = dt.is_string() ? std::find_if(std::begin(kDTypes), std::end(kDTypes),
                                          [&](auto& p) { return dt.get<std::string>() == p.first; })
                           : std::end(kDTypes);
  if (it == std::end(kDTypes)) throw invalid(file, "unsupported dtype " + dt.dump(), name);
  return it->second;
}

// The shape into t.shape; returns the byte size it needs, checked against
// overflow: a shape whose product wraps around could otherwise match a small
// data_offsets span.
std::uint64_t entry_shape(const std::string& file, const nlohmann::json& shape, TensorInfo& t) {
  if (!shape.is_array()) throw invalid(file, "shape is not an array", t.name);
  std::uint64_t need = dtype_size(t.dtype);
  bool too_large = false;
  for (auto& s : shape) {
    if (!s.is_number_integer() || s.get<std::int64_t>() < 0)
      throw invalid(file, "shape holds a non-natural number", t.name);
    t.shape.push_back(s.get<std::int64_t>());
    // Every partial product, too: numel() multiplies in int64 in this order.
    too_large = too_large || __builtin_mul_overflow(need, std::uint64_t(t.shape.back()), &need) ||
                need > std::uint64_t(INT64_MAX);
  }
  if (too_large) throw invalid(file, "shape " + shape.dump() + " is too large for any file", t.name);
  return need;
}

// One tensor's entry: dtype, shape and a data span inside the data section
// of exactly the size they need.
TensorInfo tensor_entry(const std::string& file, const std::string& name, const nlohmann::json& entry,
                        std::size_t data_size) {
  if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
    throw invalid(file, "tensor entry needs dtype, shape and data_offsets", name);
  TensorInfo t;
  t.name = name;
  t.dtype = entry_dtype(file, name, entry["dtype"]);
  const std::uint64_t need = entry_shape(file, entry["shape"], t);
  const auto& off = entry["data_offsets"];
  if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() || !off[1].is_number_unsigned())
    throw invalid(file, "data_offsets must be two natural numbers", name);
  t.begin = off[0].get<std::size_t>();
  t.end = off[1].get<std::size_t>();
  if (t.begin > t.end) throw invalid(file, "data_offsets begin after they end", name);
  if (t.end > data_size)
    throw invalid(file,
                  "data_offsets end at " + std::to_string(t.end) + ", past the data section of " +
                      std::to_string(data_size) + " bytes (truncated file?)",
                  name);
  if (std::uint64_t(t.end - t.begin) != need)
    throw invalid(file,
                  "data_offsets span " + std::to_string(t.end - t.begin) + " bytes but dtype and shape need " +
                      std::to_string(need),
                  name);
  return t;
}

// Tensors must not overlap (the reference writer lays them out back to back).
void check_no_overlap(const std::string& file, const std::vector<TensorInfo>& tensors) {
  std::vector<const TensorInfo*> by_offset;
  for (auto& t : tensors) by_offset.push_back(&t);
  std::sort(by_offset.begin(), by_offset.end(), [](auto* a, auto* b) { return a->begin < b->begin; });
  for (std::size_t i = 1; i < by_offset.size(); ++i)
    if (by_offset[i]->begin < by_offset[i - 1]->end)
      throw invalid(file, "tensor overlaps " + by_offset[i - 1]->name, by_offset[i]->name);
}

}  // namespace

SafetensorsFile SafetensorsFile::open(const std::filesystem::path& path) {
  const std::string file = path.string();
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  const Mapping m = map_file(file);
  impl->map = m.map;
  impl->map_size = m.size;

  const auto* base = static_cast<const std::byte*>(impl->map);
  std::uint64_t header_len = 0;
  const nlohmann::json j = read_header(file, base, impl->map_size, header_len);
  impl->data = base + 8 + header_len;
  const std::size_t data_size = impl->map_size - 8 - header_len;
  for (auto& [name, entry] : j.items()) {
    if (name == "__metadata__")
      read_metadata(file, entry, impl->metadata);
    else
      impl->tensors.push_back(tensor_entry(file, name, entry, data_size));
  }
  check_no_overlap(file, impl->tensors);
  // File order = offset order, so that tensors() lists the layout.
  std::sort(impl->tensors.begin(), impl->tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
    return a.begin < b.begin || (a.begin == b.begin && a.name < b.name);
  });
  for (std::size_t i = 0; i < impl->tensors.size(); ++i) impl->index[impl->tensors[i].name] = i;
  return SafetensorsFile(std::move(impl));
}

const std::filesystem::path& SafetensorsFile::path() const { return impl_->path; }
const std::vector<TensorInfo>& SafetensorsFile::tensors() const { return impl_->tensors; }
const std::map<std::string, std::string>& SafetensorsFile::metadata() const { return impl_->metadata; }

const TensorInfo* SafetensorsFile::find(const std::string& name) const {
  auto it = impl_->index.find(name);
  return it == impl_->index.end() ? nullptr : &impl_->tensors[it->second];
}

const TensorInfo& SafetensorsFile::at(const std::string& name) const {
  if (auto* t = find(name)) return *t;
  throw InputError(impl_->path.string(), "tensor not found", 0, name);
}

std::span<const std::byte> SafetensorsFile::bytes(const TensorInfo& t) const {
  return {impl_->data + t.begin, t.end - t.begin};
}

std::vector<float> SafetensorsFile::to_float(const TensorInfo& t) const {
  std::vector<float> out(std::size_t(t.numel()));
  const std::byte* src = impl_->data + t.begin;
  switch (t.dtype) {
    case DType::F32:
      // An empty tensor's vector has no buffer: memcpy must not see its null pointer.
      if (!out.empty()) std::memcpy(out.data(), src, out.size() * 4);
      break;
    case DType::F16:
    case DType::BF16:
      for (std::size_t i = 0; i < out.size(); ++i) {
        std::uint16_t v;
        std::memcpy(&v, src + 2 * i, 2);
        out[i] = t.dtype == DType::F16 ? half_to_float(v) : bfloat16_to_float(v);
      }
      break;
    default:
      throw InputError(impl_->path.string(), std::string("dtype ") + dtype_name(t.dtype) + " is not a float type", 0,
                       t.name);
  }
  return out;
}

void write_safetensors(const std::filesystem::path& path, const std::vector<TensorView>& tensors,
                       const std::map<std::string, std::string>& metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::size_t offset = 0;
  for (const auto& t : tensors) {
    std::int64_t n = 1;
    for (auto s : t.shape) n *= s;
    if (std::size_t(n) * dtype_size(t.dtype) != t.bytes.size())
      throw std::invalid_argument("write_safetensors: tensor '" + t.name + "' holds " + std::to_string(t.bytes.size()) +
                                  " bytes, shape needs " + std::to_string(std::size_t(n) * dtype_size(t.dtype)));
    header[t.name] = {
        {"dtype", dtype_name(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes.size()}}};
    offset += t.bytes.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // align the data section to 8 bytes
  std::uint64_t len = text.size();
  AtomicFile out(path);
  out.write(&len, 8);
  out.write(text);
  for (const auto& t : tensors) out.write(t.bytes.data(), t.bytes.size());
  out.commit();
}

}  // namespace ranksent
