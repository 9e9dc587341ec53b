// The flags of the services that hold personal data (referral, aid, ...): the data keys
// and the holiday calendar. Linked only by those services' main.cc, so the others refuse
// these flags.
#ifndef SHOUHU_COMMON_SERVER_FLAGS_DATA_FLAGS_H_
#define SHOUHU_COMMON_SERVER_FLAGS_DATA_FLAGS_H_

#include "common/server/service_data.h"

namespace shouhu {

DataOptions DataOptionsFromFlags();

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_FLAGS_DATA_FLAGS_H_
