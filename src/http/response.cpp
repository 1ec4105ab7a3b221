#include "http/response.hpp"

#include "text/json_escape.hpp"

namespace acoustream::http {

Response json_error(unsigned status, std::string_view code, std::string_view description) {
    Response r;
    r.status = status;
    r.body = "{\"error\":\"" + text::json_escape(code) + "\",\"error_description\":\"" +
             text::json_escape(description) + "\"}";
    return r;
}

}  // namespace acoustream::http
