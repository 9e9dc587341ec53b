// DeadlineWatchService's method table: the operations of WatchCore behind the access table.
#ifndef SHOUHU_OVERSIGHT_WATCH_GRPC_H_
#define SHOUHU_OVERSIGHT_WATCH_GRPC_H_

#include "common/server/rpc_service.h"
#include "oversight/watch_core.h"

namespace shouhu::oversight {

MethodTable DeadlineWatchMethods(WatchCore* core);

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_WATCH_GRPC_H_
