/* mxtop's headers for its unit tests (top/ is not on the test include path). */
#ifndef MXTOP_TEST_H
#define MXTOP_TEST_H

#include "../../../top/app.h"
#include "../../../top/details.h"
#include "../../../top/format.h"
#include "../../../top/header.h"
#include "../../../top/options.h"
#include "../../../top/query.h"
#include "../../../top/table.h"
#include "../../../top/text.h"
#include "../../../top/view.h"

#endif
