// SPDX-License-Identifier: MIT
// Every ```cpp block in README.md and docs/*.md must be a verbatim copy of a region of a
// source file that the build compiles, so that no example in the docs can rot. A block is
// preceded by a marker line
//     <!-- snippet: examples/snippets/crdts.cpp#g_counter -->
// and the file holds the region between the lines `// [g_counter]` and `// [/g_counter]`
// (compared after removing the region's common indentation).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<std::string> read_lines(const fs::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> dedent(std::vector<std::string> lines) {
    std::size_t common = std::string::npos;
    for (const auto& l : lines)
        if (!trim(l).empty()) common = std::min(common, l.find_first_not_of(' '));
    if (common == std::string::npos) common = 0;
    for (auto& l : lines) l = trim(l).empty() ? std::string() : l.substr(common);
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

// The region `name` of `file`, or an empty optional-like flag through `found`.
std::vector<std::string> region(const fs::path& file, const std::string& name, bool& found) {
    found = false;
    std::vector<std::string> out;
    bool inside = false;
    for (const auto& line : read_lines(file)) {
        const std::string t = trim(line);
        if (t == "// [" + name + "]") {
            inside = found = true;
            continue;
        }
        if (t == "// [/" + name + "]") break;
        if (inside) out.push_back(line);
    }
    return dedent(out);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: snippet_check <repository root>\n";
        return 2;
    }
    const fs::path root = argv[1];
    std::vector<fs::path> pages{root / "README.md"};
    for (const auto& entry : fs::recursive_directory_iterator(root / "docs"))
        if (entry.path().extension() == ".md") pages.push_back(entry.path());
    std::sort(pages.begin(), pages.end());

    int blocks = 0, problems = 0;
    const std::string marker = "<!-- snippet: ";
    for (const auto& page : pages) {
        const auto lines = read_lines(page);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (trim(lines[i]) != "```cpp") continue;
            ++blocks;
            const std::string where =
                fs::relative(page, root).string() + ":" + std::to_string(i + 1);
            std::vector<std::string> block;
            std::size_t j = i + 1;
            for (; j < lines.size() && trim(lines[j]) != "```"; ++j) block.push_back(lines[j]);
            block = dedent(block);
            const std::string previous = i > 0 ? trim(lines[i - 1]) : std::string();
            if (previous.rfind(marker, 0) != 0) {
                std::cerr << where << ": ```cpp block without a '" << marker
                          << "file#name -->' line\n";
                ++problems;
                i = j;
                continue;
            }
            const std::string ref =
                previous.substr(marker.size(), previous.find(" -->") - marker.size());
            const auto hash = ref.find('#');
            const fs::path source = root / ref.substr(0, hash);
            const std::string name =
                hash == std::string::npos ? std::string() : ref.substr(hash + 1);
            bool found = false;
            const auto expected =
                fs::exists(source) ? region(source, name, found) : std::vector<std::string>{};
            if (!found) {
                std::cerr << where << ": no region '" << name << "' in " << source << "\n";
                ++problems;
            } else if (expected != block) {
                std::cerr << where << ": block differs from " << ref << "\n--- docs\n";
                for (const auto& l : block) std::cerr << l << "\n";
                std::cerr << "--- source\n";
                for (const auto& l : expected) std::cerr << l << "\n";
                ++problems;
            }
            i = j;
        }
    }
    std::cout << blocks << " code blocks checked in " << pages.size() << " pages, " << problems
              << " problems\n";
    return problems == 0 ? 0 : 1;
}
