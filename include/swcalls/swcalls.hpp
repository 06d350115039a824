// swcalls/swcalls.hpp — the whole library: include this one header.
//
// It includes every public header of the core; tools/amalgamate.py starts from here to build
// single_include/swcalls/swcalls.hpp, so a header not reached from this file is not in the single header.
#pragma once

#include "config.hpp"
#include "error.hpp"
#include "error_code.hpp"
#include "call_enums.hpp"
#include "call_view.hpp"
#include "field_selection.hpp"
#include "number.hpp"
#include "decimal.hpp"
#include "date.hpp"
#include "page_parser.hpp"
#include "bounded_text.hpp"
#include "http_response.hpp"
#include "api_error.hpp"
#include "write_result.hpp"
#include "endpoint.hpp"
#include "call_query.hpp"
#include "request_writer.hpp"
#include "next_page.hpp"
#include "retry_policy.hpp"
#include "list_cursor.hpp"
#include "list_session.hpp"
#include "list_driver.hpp"
#include "transport_options.hpp"
