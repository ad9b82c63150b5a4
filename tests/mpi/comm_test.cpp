#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <hetsweep/comm/context.hpp>
#include <hetsweep/comm/pack.hpp>
#include <hetsweep/errors.hpp>

#include "comm/mpi_check.hpp"
#include "mpi/mpi_test_env.hpp"

namespace hetsweep {
namespace {

using test::world;

// The tags of these tests' messages: the communication layer gives tags no meaning of its own.
enum test_tag : int { request = 1, assign, report, stop };

struct test_message {
    std::int64_t point = 0;
    double value = 0;
    std::string text;
    std::vector<double> data;

    template <class Archive>
    void serialize(Archive& a, unsigned) {
        a& point& value& text& data;
    }

    bool operator==(const test_message& o) const {
        return point == o.point && value == o.value && text == o.text && data == o.data;
    }
};

test_message message_from(int rank) {
    return {1000 + rank, 0.5 * rank, "from rank " + std::to_string(rank) + " \xc3\xa9",
            std::vector<double>(static_cast<std::size_t>(rank) + 3, -1.25 * rank)};
}

std::vector<char> pattern(int seed, std::size_t n) {
    std::vector<char> bytes(n);
    for (std::size_t i = 0; i < n; ++i) bytes[i] = static_cast<char>((seed * 31 + static_cast<int>(i)) % 251);
    return bytes;
}

TEST(comm, ranks_and_size_agree_with_the_sums) {
    auto& ctx = world();
    EXPECT_GE(ctx.rank(), 0);
    EXPECT_LT(ctx.rank(), ctx.size());
    EXPECT_EQ(ctx.sum(1), ctx.size());
    EXPECT_EQ(ctx.sum(ctx.rank()), std::int64_t(ctx.size()) * (ctx.size() - 1) / 2);
    EXPECT_EQ(ctx.sum(std::int64_t(1) << 40), (std::int64_t(1) << 40) * ctx.size());
}

TEST(comm, any_is_a_logical_or_over_ranks) {
    auto& ctx = world();
    EXPECT_FALSE(ctx.any(false));
    EXPECT_TRUE(ctx.any(true));
    EXPECT_TRUE(ctx.any(ctx.rank() == ctx.size() - 1));
    EXPECT_TRUE(ctx.any(ctx.rank() == 0));
    EXPECT_FALSE(ctx.any(ctx.rank() == ctx.size()));
}

TEST(comm, broadcast_delivers_the_roots_bytes_from_every_root) {
    auto& ctx = world();
    for (int root = 0; root < ctx.size(); ++root) {
        const auto expected = pattern(root, 1000 + 17 * static_cast<std::size_t>(root));
        // The other ranks pass buffers of other sizes and contents, which must be ignored.
        auto mine = ctx.rank() == root ? expected : pattern(99, static_cast<std::size_t>(ctx.rank()) * 5);
        EXPECT_EQ(ctx.broadcast(std::move(mine), root), expected) << "root " << root;
    }
    EXPECT_TRUE(ctx.broadcast(ctx.rank() == 0 ? std::vector<char>{} : pattern(1, 10), 0).empty());
}

TEST(comm, gather_gives_the_root_every_ranks_bytes_in_rank_order) {
    auto& ctx = world();
    for (int root = 0; root < ctx.size(); ++root) {
        // Sizes differ by rank, and rank 1 sends nothing: counts and offsets must follow each rank.
        const auto bytes_of = [](int r) {
            return pattern(r, r == 1 ? 0 : 300 + 41 * static_cast<std::size_t>(r));
        };
        const auto got = ctx.gather(bytes_of(ctx.rank()), root);
        if (ctx.rank() != root) {
            EXPECT_TRUE(got.empty()) << "root " << root;
            continue;
        }
        ASSERT_EQ(got.size(), std::size_t(ctx.size())) << "root " << root;
        for (int r = 0; r < ctx.size(); ++r) EXPECT_EQ(got[std::size_t(r)], bytes_of(r)) << "rank " << r;
    }
    EXPECT_THROW(ctx.gather({}, ctx.size()), mpi_error);
}

TEST(comm, broadcast_of_a_packed_struct_round_trips) {
    auto& ctx = world();
    const auto root = ctx.size() - 1;
    const auto got = comm::unpack<test_message>(
        ctx.broadcast(ctx.rank() == root ? comm::pack(message_from(root)) : std::vector<char>{}, root));
    EXPECT_EQ(got, message_from(root));
}

TEST(comm, serialised_struct_goes_around_a_ring) {
    auto& ctx = world();
    const int next = (ctx.rank() + 1) % ctx.size();
    const int previous = (ctx.rank() + ctx.size() - 1) % ctx.size();
    ctx.send(next, test_tag::report, comm::pack(message_from(ctx.rank())));
    const auto e = ctx.receive();
    EXPECT_EQ(e.source, previous);
    EXPECT_EQ(e.tag, test_tag::report);
    EXPECT_EQ(comm::unpack<test_message>(e.bytes), message_from(previous));
    ctx.barrier();
}

TEST(comm, rank_zero_hears_from_every_rank_including_itself) {
    auto& ctx = world();
    ctx.send(0, test_tag::request, comm::pack(message_from(ctx.rank())));
    if (ctx.rank() == 0) {
        std::set<int> sources;
        for (int i = 0; i < ctx.size(); ++i) {
            const auto e = ctx.receive();
            EXPECT_EQ(e.tag, test_tag::request);
            EXPECT_EQ(comm::unpack<test_message>(e.bytes), message_from(e.source));
            sources.insert(e.source);
        }
        EXPECT_EQ(sources.size(), static_cast<std::size_t>(ctx.size()));
    }
    ctx.barrier();
    EXPECT_FALSE(ctx.try_receive().has_value());
    ctx.barrier();
}

TEST(comm, messages_between_two_ranks_keep_their_order) {
    auto& ctx = world();
    const int next = (ctx.rank() + 1) % ctx.size();
    constexpr int n = 200;
    for (int i = 0; i < n; ++i) ctx.send(next, test_tag::assign, comm::pack(std::int64_t(i)));
    for (int i = 0; i < n; ++i) {
        const auto e = ctx.receive(std::chrono::milliseconds(0));
        EXPECT_EQ(comm::unpack<std::int64_t>(e.bytes), i);
    }
    ctx.barrier();
}

// A blocking send of a message too large for MPI's eager protocol would wait for a matching receive
// that this rank can only post after the send returns.
TEST(comm, large_message_to_self_does_not_block) {
    auto& ctx = world();
    const auto big = pattern(ctx.rank(), std::size_t(16) << 20);
    ctx.send(ctx.rank(), test_tag::stop, big);
    const auto e = ctx.receive();
    EXPECT_EQ(e.source, ctx.rank());
    EXPECT_EQ(e.tag, test_tag::stop);
    EXPECT_TRUE(e.bytes == big);
    ctx.barrier();
}

TEST(comm, empty_message_keeps_its_tag) {
    auto& ctx = world();
    ctx.send(ctx.rank(), test_tag::stop, {});
    const auto e = ctx.receive();
    EXPECT_EQ(e.tag, test_tag::stop);
    EXPECT_TRUE(e.bytes.empty());
    ctx.barrier();
}

TEST(comm, receive_waits_for_a_late_message) {
    auto& ctx = world();
    if (ctx.size() == 1) GTEST_SKIP() << "needs a sender other than the receiver";
    const int last = ctx.size() - 1;
    ctx.barrier();
    if (ctx.rank() == 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        ctx.send(last, test_tag::assign, comm::pack(std::int64_t(42)));
    }
    if (ctx.rank() == last) {
        const auto start = std::chrono::steady_clock::now();
        EXPECT_FALSE(ctx.try_receive().has_value());
        const auto e = ctx.receive(std::chrono::milliseconds(2));
        EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(40));
        EXPECT_EQ(e.source, 0);
        EXPECT_EQ(comm::unpack<std::int64_t>(e.bytes), 42);
    }
    ctx.barrier();
}

TEST(comm, bad_ranks_throw_mpi_error) {
    auto& ctx = world();
    EXPECT_THROW(ctx.send(ctx.size(), test_tag::request, {}), mpi_error);
    EXPECT_THROW(ctx.send(-1, test_tag::request, {}), mpi_error);
    EXPECT_THROW(ctx.broadcast({}, ctx.size()), mpi_error);
    ctx.barrier();
}

TEST(comm, tags_outside_the_mpi_range_throw_and_the_largest_arrives) {
    auto& ctx = world();
    EXPECT_THROW(ctx.send(ctx.rank(), -1, {}), mpi_error);
    EXPECT_THROW(ctx.send(ctx.rank(), comm::max_tag + 1, {}), mpi_error);
    ctx.send(ctx.rank(), comm::max_tag, {});
    ctx.send(ctx.rank(), 0, {});
    EXPECT_EQ(ctx.receive().tag, comm::max_tag);
    EXPECT_EQ(ctx.receive().tag, 0);
    ctx.barrier();
}

TEST(comm, checked_helper_names_the_function_and_mpis_text) {
    try {
        comm::check_mpi(MPI_ERR_RANK, "MPI_Send");
        ADD_FAILURE() << "check_mpi did not throw";
    } catch (const mpi_error& e) {
        EXPECT_NE(std::string(e.what()).find("MPI_Send failed"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("rank"), std::string::npos) << e.what();
    }
    EXPECT_NO_THROW(comm::check_mpi(MPI_SUCCESS, "MPI_Send"));
}

// mpi_session replaces the default "abort on error" handler, so a failed call comes back as a code
// that check_mpi turns into an exception.
TEST(comm, failed_mpi_call_returns_instead_of_aborting) {
    int size = 0;
    comm::check_mpi(MPI_Comm_size(MPI_COMM_WORLD, &size), "MPI_Comm_size");
    const int code = MPI_Send(nullptr, 0, MPI_BYTE, size + 7, 0, MPI_COMM_WORLD);
    EXPECT_NE(code, MPI_SUCCESS);
    EXPECT_THROW(comm::check_mpi(code, "MPI_Send"), mpi_error);
}

TEST(pack, round_trips_a_struct_and_a_primitive) {
    EXPECT_EQ(comm::unpack<test_message>(comm::pack(message_from(7))), message_from(7));
    EXPECT_EQ(comm::unpack<std::int64_t>(comm::pack(std::int64_t(-5))), -5);
    EXPECT_EQ(comm::unpack<std::string>(comm::pack(std::string())), "");
}

TEST(pack, garbage_and_truncated_bytes_throw_mpi_error) {
    EXPECT_THROW(comm::unpack<test_message>(std::vector<char>{'x', 'y'}), mpi_error);
    auto bytes = comm::pack(message_from(2));
    bytes.resize(bytes.size() - 5);
    EXPECT_THROW(comm::unpack<test_message>(bytes), mpi_error);
}

TEST(serial_context, is_one_rank_with_a_fifo_queue) {
    auto ctx = comm::make_serial_context();
    EXPECT_EQ(ctx->rank(), 0);
    EXPECT_EQ(ctx->size(), 1);
    ctx->barrier();
    EXPECT_FALSE(ctx->try_receive().has_value());
    for (int i = 0; i < 3; ++i) ctx->send(0, test_tag::assign, comm::pack(message_from(i)));
    ctx->send(0, test_tag::stop, {});
    for (int i = 0; i < 3; ++i) {
        const auto e = ctx->receive();
        EXPECT_EQ(e.source, 0);
        EXPECT_EQ(e.tag, test_tag::assign);
        EXPECT_EQ(comm::unpack<test_message>(e.bytes), message_from(i));
    }
    EXPECT_EQ(ctx->try_receive()->tag, test_tag::stop);
    EXPECT_FALSE(ctx->try_receive().has_value());
}

TEST(serial_context, collectives_are_identities_and_bad_ranks_throw) {
    auto ctx = comm::make_serial_context();
    EXPECT_EQ(ctx->broadcast(pattern(3, 10), 0), pattern(3, 10));
    EXPECT_TRUE(ctx->any(true));
    EXPECT_FALSE(ctx->any(false));
    EXPECT_EQ(ctx->sum(-12), -12);
    EXPECT_THROW(ctx->send(1, test_tag::request, {}), mpi_error);
    EXPECT_THROW(ctx->send(0, -1, {}), mpi_error);
    EXPECT_THROW(ctx->send(0, comm::max_tag + 1, {}), mpi_error);
    EXPECT_FALSE(ctx->try_receive().has_value()) << "a refused message is not queued";
    EXPECT_THROW(ctx->broadcast({}, 1), mpi_error);
    // Nothing can ever arrive: an error, not a hang.
    EXPECT_THROW(ctx->receive(), mpi_error);
}

}  // namespace
}  // namespace hetsweep
