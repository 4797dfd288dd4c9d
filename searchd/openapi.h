#pragma once

namespace kb::searchd {

// The OpenAPI 3 description of kb-searchd's API (searchd/openapi.json, built into the
// binary), served at /api/v1/openapi.json. An integration test checks every endpoint's real
// responses against it.
extern const char* const kOpenApiJson;

}  // namespace kb::searchd
