#pragma once

#include <exception>
#include <streambuf>
#include <string>
#include <vector>

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include <hetsweep/errors.hpp>

// Messages are plain structs with a Boost.Serialization serialize() member, turned into byte
// buffers for context::send and context::broadcast. Both ends run the same binary, so the binary
// archive's native representation is safe.
namespace hetsweep::comm {

namespace detail {

// Appends to a byte vector, so packing copies each byte once.
class vector_sink : public std::streambuf {
  public:
    explicit vector_sink(std::vector<char>& out) : out_(out) {}

  protected:
    int_type overflow(int_type c) override {
        if (!traits_type::eq_int_type(c, traits_type::eof())) out_.push_back(traits_type::to_char_type(c));
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        out_.insert(out_.end(), s, s + n);
        return n;
    }

  private:
    std::vector<char>& out_;
};

// Reads a byte vector in place.
class vector_source : public std::streambuf {
  public:
    explicit vector_source(const std::vector<char>& in) {
        char* begin = const_cast<char*>(in.data());  // the get area is only read
        setg(begin, begin, begin + in.size());
    }
};

}  // namespace detail

template <class T>
std::vector<char> pack(const T& value) {
    std::vector<char> bytes;
    detail::vector_sink sink(bytes);
    {
        boost::archive::binary_oarchive archive(sink);
        archive << value;
    }
    return bytes;
}

// Throws mpi_error if the bytes are not a packed T (for example a truncated buffer).
template <class T>
T unpack(const std::vector<char>& bytes) {
    detail::vector_source source(bytes);
    T value{};
    try {
        boost::archive::binary_iarchive archive(source);
        archive >> value;
    } catch (const std::exception& e) {  // archive_exception, or bad_alloc from a garbled length
        throw mpi_error("unpack: a message of " + std::to_string(bytes.size()) +
                        " bytes is not the expected serialised struct: " + e.what());
    }
    return value;
}

}  // namespace hetsweep::comm
