#include "gateway/etf.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace accord::gateway {
namespace {

enum Tag : unsigned char {
  version = 131,
  new_float = 70,
  small_integer = 97,
  integer = 98,
  float_string = 99,
  atom = 100,
  small_tuple = 104,
  large_tuple = 105,
  nil = 106,
  string = 107,
  list = 108,
  binary = 109,
  small_big = 110,
  large_big = 111,
  small_atom = 115,
  map = 116,
  atom_utf8 = 118,
  small_atom_utf8 = 119,
};

void put_u32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
}

// ATOM_EXT: the oldest atom form, which every decoder (erlpack 0.1 included) reads.
void put_atom(std::string& out, std::string_view name) {
  out += static_cast<char>(atom);
  out += static_cast<char>(name.size() >> 8);
  out += static_cast<char>(name.size() & 0xFF);
  out += name;
}

void put_binary(std::string& out, std::string_view text) {
  out += static_cast<char>(binary);
  put_u32(out, static_cast<std::uint32_t>(text.size()));
  out += text;
}

void put_unsigned(std::string& out, std::uint64_t magnitude, bool negative) {
  if (!negative && magnitude < 256) {
    out += static_cast<char>(small_integer);
    out += static_cast<char>(magnitude);
  } else if ((!negative && magnitude <= INT32_MAX) || (negative && magnitude <= 2147483648ull)) {
    out += static_cast<char>(integer);
    put_u32(out, static_cast<std::uint32_t>(negative ? -static_cast<std::int64_t>(magnitude) : magnitude));
  } else {
    std::string digits;
    while (magnitude) {
      digits += static_cast<char>(magnitude & 0xFF);
      magnitude >>= 8;
    }
    out += static_cast<char>(small_big);
    out += static_cast<char>(digits.size());
    out += static_cast<char>(negative ? 1 : 0);
    out += digits;
  }
}

void encode(std::string& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      put_atom(out, "nil");
      break;
    case boost::json::kind::bool_:
      put_atom(out, value.get_bool() ? "true" : "false");
      break;
    case boost::json::kind::int64: {
      const auto number = value.get_int64();
      put_unsigned(out,
                   number < 0 ? 0 - static_cast<std::uint64_t>(number) : static_cast<std::uint64_t>(number),
                   number < 0);
      break;
    }
    case boost::json::kind::uint64:
      put_unsigned(out, value.get_uint64(), false);
      break;
    case boost::json::kind::double_: {
      out += static_cast<char>(new_float);
      const auto bits = std::bit_cast<std::uint64_t>(value.get_double());
      put_u32(out, static_cast<std::uint32_t>(bits >> 32));
      put_u32(out, static_cast<std::uint32_t>(bits));
      break;
    }
    case boost::json::kind::string:
      put_binary(out, value.get_string());
      break;
    case boost::json::kind::array: {
      const auto& array = value.get_array();
      if (!array.empty()) {
        out += static_cast<char>(list);
        put_u32(out, static_cast<std::uint32_t>(array.size()));
        for (const auto& item : array) encode(out, item);
      }
      out += static_cast<char>(nil);
      break;
    }
    case boost::json::kind::object: {
      const auto& object = value.get_object();
      out += static_cast<char>(map);
      put_u32(out, static_cast<std::uint32_t>(object.size()));
      for (const auto& [key, item] : object) {
        put_binary(out, key);
        encode(out, item);
      }
      break;
    }
  }
}

class Decoder {
 public:
  explicit Decoder(std::string_view bytes) : bytes_(bytes) {}

  std::optional<boost::json::value> run() {
    std::uint8_t tag = 0;
    if (!read_u8(tag) || tag != version) return std::nullopt;
    auto value = term(0);
    if (!value || position_ != bytes_.size()) return std::nullopt;
    return value;
  }

 private:
  static constexpr int max_depth = 64;

  bool read_u8(std::uint8_t& value) {
    if (position_ + 1 > bytes_.size()) return false;
    value = static_cast<std::uint8_t>(bytes_[position_++]);
    return true;
  }
  bool read_u16(std::uint32_t& value) {
    if (position_ + 2 > bytes_.size()) return false;
    value = (static_cast<std::uint8_t>(bytes_[position_]) << 8) |
            static_cast<std::uint8_t>(bytes_[position_ + 1]);
    position_ += 2;
    return true;
  }
  bool read_u32(std::uint32_t& value) {
    if (position_ + 4 > bytes_.size()) return false;
    value = 0;
    for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<std::uint8_t>(bytes_[position_ + i]);
    position_ += 4;
    return true;
  }
  bool read_bytes(std::size_t count, std::string_view& out) {
    if (count > bytes_.size() - position_) return false;
    out = bytes_.substr(position_, count);
    position_ += count;
    return true;
  }

  static boost::json::value from_atom(std::string_view name) {
    if (name == "nil" || name == "null") return nullptr;
    if (name == "true") return true;
    if (name == "false") return false;
    return boost::json::string(name);
  }

  std::optional<boost::json::value> sequence(std::uint32_t count, int depth) {
    // Each element takes at least one byte: refuse counts the input cannot hold before allocating.
    if (count > bytes_.size() - position_) return std::nullopt;
    boost::json::array array;
    array.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      auto item = term(depth + 1);
      if (!item) return std::nullopt;
      array.push_back(std::move(*item));
    }
    return array;
  }

  std::optional<boost::json::value> term(int depth) {
    if (depth > max_depth) return std::nullopt;
    std::uint8_t tag = 0;
    if (!read_u8(tag)) return std::nullopt;
    std::uint32_t length = 0;
    std::string_view data;
    switch (tag) {
      case small_integer: {
        std::uint8_t value = 0;
        if (!read_u8(value)) return std::nullopt;
        return boost::json::value(static_cast<std::int64_t>(value));
      }
      case integer: {
        if (!read_u32(length)) return std::nullopt;
        return boost::json::value(static_cast<std::int64_t>(static_cast<std::int32_t>(length)));
      }
      case new_float: {
        std::uint32_t high = 0, low = 0;
        if (!read_u32(high) || !read_u32(low)) return std::nullopt;
        // JSON has no NaN or infinity: a payload carrying one is malformed (found by the fuzzer).
        const auto number = std::bit_cast<double>((std::uint64_t{high} << 32) | low);
        if (!std::isfinite(number)) return std::nullopt;
        return boost::json::value(number);
      }
      case float_string: {
        if (!read_bytes(31, data)) return std::nullopt;
        const auto number = std::strtod(std::string(data).c_str(), nullptr);
        if (!std::isfinite(number)) return std::nullopt;
        return boost::json::value(number);
      }
      case atom:
      case atom_utf8:
        if (!read_u16(length) || !read_bytes(length, data)) return std::nullopt;
        return from_atom(data);
      case small_atom:
      case small_atom_utf8: {
        std::uint8_t size = 0;
        if (!read_u8(size) || !read_bytes(size, data)) return std::nullopt;
        return from_atom(data);
      }
      case small_tuple: {
        std::uint8_t size = 0;
        if (!read_u8(size)) return std::nullopt;
        return sequence(size, depth);
      }
      case large_tuple:
        if (!read_u32(length)) return std::nullopt;
        return sequence(length, depth);
      case nil:
        return boost::json::array{};
      case string:
        if (!read_u16(length) || !read_bytes(length, data)) return std::nullopt;
        return boost::json::string(data);
      case list: {
        if (!read_u32(length)) return std::nullopt;
        auto items = sequence(length, depth);
        std::uint8_t tail = 0;
        if (!items || !read_u8(tail) || tail != nil) return std::nullopt;  // improper lists are not JSON
        return items;
      }
      case binary:
        if (!read_u32(length) || !read_bytes(length, data)) return std::nullopt;
        return boost::json::string(data);
      case small_big:
      case large_big: {
        std::uint8_t sign = 0;
        if (tag == small_big) {
          std::uint8_t size = 0;
          if (!read_u8(size)) return std::nullopt;
          length = size;
        } else if (!read_u32(length)) {
          return std::nullopt;
        }
        if (!read_u8(sign) || length > 8 || !read_bytes(length, data)) return std::nullopt;
        std::uint64_t magnitude = 0;
        for (std::size_t i = data.size(); i-- > 0;)
          magnitude = (magnitude << 8) | static_cast<std::uint8_t>(data[i]);
        if (sign == 0) return boost::json::value(magnitude);
        if (magnitude > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
        return boost::json::value(-static_cast<std::int64_t>(magnitude));
      }
      case map: {
        if (!read_u32(length) || length > bytes_.size() - position_) return std::nullopt;
        boost::json::object object;
        for (std::uint32_t i = 0; i < length; ++i) {
          auto key = term(depth + 1);
          auto item = key ? term(depth + 1) : std::nullopt;
          if (!item) return std::nullopt;
          std::string name;
          if (key->is_string()) {
            name = key->as_string();
          } else if (key->is_int64()) {
            name = std::to_string(key->as_int64());
          } else {
            return std::nullopt;
          }
          object[name] = std::move(*item);
        }
        return object;
      }
      default:
        return std::nullopt;
    }
  }

  std::string_view bytes_;
  std::size_t position_ = 0;
};

}  // namespace

std::string etf_encode(const boost::json::value& value) {
  std::string out;
  out += static_cast<char>(version);
  encode(out, value);
  return out;
}

std::optional<boost::json::value> etf_decode(std::string_view bytes) {
  return Decoder(bytes).run();
}

}  // namespace accord::gateway
