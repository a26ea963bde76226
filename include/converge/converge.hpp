// SPDX-License-Identifier: MIT
#pragma once

// Every public header of converge except testing/, which needs RapidCheck.

#include <converge/version.hpp>

#include <converge/core/causal_context.hpp>
#include <converge/core/concepts.hpp>
#include <converge/core/dot.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>

#include <converge/clock/atomic_hybrid_clock.hpp>
#include <converge/clock/hlc_timestamp.hpp>
#include <converge/clock/hybrid_clock.hpp>
#include <converge/clock/lamport_clock.hpp>
#include <converge/clock/vector_clock.hpp>

#include <converge/crdt/causal.hpp>
#include <converge/crdt/causal_counter.hpp>
#include <converge/crdt/causal_lww_register.hpp>
#include <converge/crdt/dot_fun.hpp>
#include <converge/crdt/dot_map.hpp>
#include <converge/crdt/dot_set.hpp>
#include <converge/crdt/dot_set_map.hpp>
#include <converge/crdt/dot_store.hpp>
#include <converge/crdt/flags.hpp>
#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/lww_register.hpp>
#include <converge/crdt/mv_register.hpp>
#include <converge/crdt/or_map.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/crdt/pn_counter.hpp>
#include <converge/crdt/validate_merge.hpp>

#include <converge/codec/byte_reader.hpp>
#include <converge/codec/byte_writer.hpp>
#include <converge/codec/causal_context.hpp>
#include <converge/codec/causal_counter.hpp>
#include <converge/codec/causal_lww_register.hpp>
#include <converge/codec/clocks.hpp>
#include <converge/codec/codec.hpp>
#include <converge/codec/counters.hpp>
#include <converge/codec/decode_limits.hpp>
#include <converge/codec/dot_stores.hpp>
#include <converge/codec/envelope.hpp>
#include <converge/codec/flags.hpp>
#include <converge/codec/lww_register.hpp>
#include <converge/codec/mv_register.hpp>
#include <converge/codec/or_map.hpp>
#include <converge/codec/or_set.hpp>
#include <converge/codec/wire_tag.hpp>

#include <converge/sync/anti_entropy.hpp>
#include <converge/sync/inflation.hpp>
#include <converge/sync/message_codec.hpp>
#include <converge/sync/messages.hpp>
#include <converge/sync/options.hpp>
#include <converge/sync/persisted_state.hpp>
#include <converge/sync/stats.hpp>
