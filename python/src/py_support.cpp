#include "py_support.h"

#include <string_view>

#include <fmt/core.h>
#include <nanobind/stl/string.h>

#include "ranksent/error.h"
#include "ranksent/io/sentence_file.h"

namespace ranksent::py {

namespace {

std::string one_sentence(nb::handle item, const std::string& where) {
  if (PyUnicode_Check(item.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(item.ptr(), &size);
    if (!data) {  // a lone surrogate (text decoded with surrogateescape)
      PyErr_Clear();
      throw OptionError(where, "a str that is not valid Unicode (a lone surrogate)");
    }
    return std::string(data, std::size_t(size));
  }
  if (PyBytes_Check(item.ptr())) {
    std::string text(PyBytes_AS_STRING(item.ptr()), std::size_t(PyBytes_GET_SIZE(item.ptr())));
    if (const auto at = find_invalid_utf8(text); at != std::string::npos)
      throw OptionError(where, fmt::format("bytes that are not UTF-8 (byte {})", at));
    return text;
  }
  throw nb::type_error(
      fmt::format("{}: expected str or UTF-8 bytes, got {}", where, nb::type_name(item.type()).c_str()).c_str());
}

}  // namespace

std::vector<std::string> sentences_from(nb::handle obj, const char* field, bool* single) {
  if (single) *single = false;
  if (PyUnicode_Check(obj.ptr()) || PyBytes_Check(obj.ptr())) {
    if (!single) throw nb::type_error(fmt::format("{}: expected a list of sentences, got one str", field).c_str());
    *single = true;
    return {one_sentence(obj, field)};
  }
  if (!PySequence_Check(obj.ptr()))
    throw nb::type_error(
        fmt::format("{}: expected a sequence of str, got {}", field, nb::type_name(obj.type()).c_str()).c_str());
  std::vector<std::string> out;
  const Py_ssize_t n = PySequence_Size(obj.ptr());
  if (n < 0) throw nb::python_error();
  out.reserve(std::size_t(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    nb::object item = nb::steal(PySequence_GetItem(obj.ptr(), i));
    if (!item.is_valid()) throw nb::python_error();
    out.push_back(one_sentence(item, fmt::format("{}[{}]", field, i)));
  }
  if (out.empty()) throw OptionError(field, "no sentences (an empty list)");
  return out;
}

nb::object to_python(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return nb::none();
    case nlohmann::json::value_t::boolean:
      return nb::bool_(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return nb::int_(j.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return nb::int_(j.get<std::uint64_t>());
    case nlohmann::json::value_t::number_float:
      return nb::float_(j.get<double>());
    case nlohmann::json::value_t::string:
      return nb::str(j.get_ref<const std::string&>().c_str(), j.get_ref<const std::string&>().size());
    case nlohmann::json::value_t::array: {
      nb::list out;
      for (const auto& v : j) out.append(to_python(v));
      return out;
    }
    case nlohmann::json::value_t::object: {
      nb::dict out;
      for (const auto& [k, v] : j.items()) out[nb::str(k.c_str(), k.size())] = to_python(v);
      return out;
    }
    case nlohmann::json::value_t::binary:
      break;
  }
  return nb::none();
}

// C++ errors as Python exceptions with the same messages: a bad option or
// input is a ValueError (ranksent.UsageError / OptionError / InputError), an
// interrupted run a KeyboardInterrupt; anything else a RuntimeError.
void bind_exceptions(nb::module_& m) {
  static nb::object usage = nb::borrow(PyErr_NewException("ranksent.UsageError", PyExc_ValueError, nullptr));
  static nb::object option = nb::borrow(PyErr_NewException("ranksent.OptionError", usage.ptr(), nullptr));
  static nb::object input = nb::borrow(PyErr_NewException("ranksent.InputError", PyExc_ValueError, nullptr));
  m.attr("UsageError") = usage;
  m.attr("OptionError") = option;
  m.attr("InputError") = input;
  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const OptionError& e) {
      nb::object err = option(nb::str(e.what()));
      err.attr("field") = nb::str(e.field().c_str());
      PyErr_SetObject(option.ptr(), err.ptr());
    } catch (const UsageError& e) {
      PyErr_SetString(usage.ptr(), e.what());
    } catch (const InputError& e) {
      nb::object err = input(nb::str(e.what()));
      err.attr("file") = nb::str(e.file().c_str());
      err.attr("line") = nb::int_(e.line());
      err.attr("field") = nb::str(e.field().c_str());
      PyErr_SetObject(input.ptr(), err.ptr());
    } catch (const Interrupted& e) {
      PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    }
  });
}

}  // namespace ranksent::py
