// ranksent.generate_iter: the lists of a long run as they finish. The run
// (the same call as ranksent.generate) works on a thread of its own; the
// iterator hands over each finished list. Ctrl-C while waiting, or closing
// the iterator, stops the run after the lists in flight, the output whole.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include "py_generate_args.h"
#include "py_support.h"

namespace ranksent::py {

namespace {

class ListStream {
 public:
  ListStream(std::vector<std::string> seeds, GenerateRun run, std::filesystem::path output) {
    run.on_list = [this](const RankingList& list) {
      std::lock_guard lock(mutex_);
      ready_.push_back(list.to_json());
      changed_.notify_one();
    };
    worker_ = std::thread([this, seeds = std::move(seeds), run = std::move(run), output = std::move(output)] {
      try {
        generate(seeds, run, output, &stop_);
      } catch (...) {
        error_ = std::current_exception();
      }
      std::lock_guard lock(mutex_);
      finished_ = true;
      changed_.notify_one();
    });
  }
  ~ListStream() { close(); }
  ListStream(const ListStream&) = delete;
  ListStream& operator=(const ListStream&) = delete;

  nb::object next() {
    for (;;) {
      {
        nb::gil_scoped_release release;
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, std::chrono::milliseconds(100), [this] { return !ready_.empty() || finished_; });
        if (!ready_.empty()) {
          nlohmann::json record = std::move(ready_.front());
          ready_.pop_front();
          lock.unlock();
          nb::gil_scoped_acquire acquire;
          return to_python(record);
        }
        if (finished_) break;
      }
      if (PyErr_CheckSignals() != 0) {  // Ctrl-C: stop after the lists in flight
        close();
        throw nb::python_error();
      }
    }
    close();
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    throw nb::stop_iteration();
  }

  void close() {
    stop_ = true;
    if (worker_.joinable()) {
      nb::gil_scoped_release release;
      worker_.join();
    }
  }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<nlohmann::json> ready_;
  bool finished_ = false;
  std::exception_ptr error_;
  std::thread worker_;
};

}  // namespace

void bind_stream(nb::module_& m) {
  nb::class_<ListStream>(m, "ListStream", "The lists of a generate_iter run as they finish.")
      .def("__iter__", [](nb::handle self) { return self; })
      .def("__next__", &ListStream::next)
      .def("close", &ListStream::close, "Stops the run after the lists in flight.")
      .def("__enter__", [](nb::handle self) { return self; })
      .def("__exit__", [](ListStream& s, nb::args) { s.close(); });
  m.def(
      "generate_iter",
      [](nb::handle seeds, const std::string& model, const std::string& strategy, int steps, double lam, int parallel,
         int threads, const std::string& escape, bool paper_exact, int max_new_tokens,
         std::optional<std::string> output, std::optional<std::string> lists, std::uint64_t shuffle_seed,
         bool progress) {
        const GenerateArgs a{model, strategy,    escape,   steps,  parallel, threads,     max_new_tokens,
                             lam,   paper_exact, progress, output, lists,    shuffle_seed};
        GenerateRun run = generate_run(a);
        std::vector<std::string> texts;
        if (run.options.strategy != Strategy::shuffle) texts = sentences_from(seeds, "seeds");
        return new ListStream(std::move(texts), std::move(run), a.output.value_or(""));
      },
      RANKSENT_GENERATE_ARGS, nb::rv_policy::take_ownership,
      "ranksent.generate as an iterator for long runs: yields each list (a dict) as it finishes, in the order "
      "lists finish ('id' names the seed). With `output`, the file is written as it goes and a rerun resumes "
      "it. Ctrl-C, or close(), stops after the lists in flight, the file whole.");
}

}  // namespace ranksent::py
