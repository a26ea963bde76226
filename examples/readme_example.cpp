// SPDX-License-Identifier: MIT
// The example shown in README.md, kept here so CI compiles and runs it.
// [readme]
#include <converge/converge.hpp>
#include <cstdio>
#include <string>

int main() {
    converge::or_set<std::string> phone, laptop;  // one shopping list, two replicas
    auto d1 = phone.add(1, "milk");               // each mutator returns a small delta
    laptop.merge(d1);                             // ship it, merge it: both have milk
    auto d2 = laptop.remove("milk");              // laptop (offline) removes milk...
    auto d3 = phone.add(1, "milk");               // ...while the phone re-adds it
    auto d4 = phone.add(1, "eggs");
    phone.merge(d2);                       // deltas arrive in any order,
    laptop.merge(d4).merge(d3).merge(d3);  // any number of times
    std::printf("equal: %d, milk: %d, items: %zu\n", phone == laptop, laptop.contains("milk"),
                laptop.size());  // equal: 1, milk: 1 (add wins), items: 2
    return phone == laptop && laptop.contains("milk") ? 0 : 1;
}
// [/readme]
