// The OpenAPI 3 description of every route, served at /api/openapi.json.
#include <string>
#include <string_view>

#include "http/routes.hpp"

namespace acoustream::http {

namespace {

constexpr std::string_view kDocument = R"JSON({
  "openapi": "3.0.3",
  "info": {
    "title": "acoustream",
    "version": "@VERSION@",
    "description": "Live two-channel photoacoustic audio over HTTP: raw frames and FFT spectra as Server-Sent Events, statistics, the latest frame, health and metrics. Every route can also answer 400, 405, 414, 431 and 503 with the JSON error body; each operation lists them.",
    "license": { "name": "GPL-3.0-or-later", "url": "https://www.gnu.org/licenses/gpl-3.0.html" }
  },
  "servers": [ { "url": "/" } ],
  "tags": [
    { "name": "streams", "description": "Server-Sent Event streams of frames, spectra and statistics." },
    { "name": "frames", "description": "The latest frame as one JSON document." },
    { "name": "status", "description": "Statistics, health and Prometheus metrics." },
    { "name": "docs", "description": "This document, its documentation page and the dashboard." }
  ],
  "components": {
    "securitySchemes": {
      "bearerAuth": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
        "description": "HS256 or RS256 JWT with exp and the configured scope (default read:api). Browsers' EventSource may pass it as the access_token query parameter instead." },
      "queryToken": { "type": "apiKey", "in": "query", "name": "access_token",
        "description": "The same JWT as a query parameter, for EventSource (off with auth.allow_query_token: false)." }
    },
    "parameters": {
      "decimate": { "name": "decimate", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 1000000, "default": 1 }, "description": "Send samples 0, K, 2K, ... of each frame." },
      "encoding": { "name": "encoding", "in": "query", "schema": { "type": "string", "enum": ["json", "f32"], "default": "json" }, "description": "json: float arrays (AudioFrameResponse); f32: base64 of little-endian float32 (AudioFrameFastResponse, the fast format)." },
      "fmin": { "name": "fmin", "in": "query", "schema": { "type": "number", "minimum": 0 }, "description": "Lowest frequency bin sent (Hz)." },
      "fmax": { "name": "fmax", "in": "query", "schema": { "type": "number", "minimum": 0 }, "description": "Highest frequency bin sent (Hz)." },
      "phase": { "name": "phase", "in": "query", "schema": { "type": "boolean", "default": false }, "description": "Include phases (radians); without it phase_a and phase_b are null." },
      "last_event_id": { "name": "last_event_id", "in": "query", "schema": { "type": "integer", "minimum": 0 }, "description": "Replay the retained frames after this frame number. The Last-Event-ID header, when sent, takes precedence." },
      "lastEventIdHeader": { "name": "Last-Event-ID", "in": "header", "schema": { "type": "integer", "minimum": 0 }, "description": "Set by EventSource when it reconnects: the id (frame_number) of the last event received. The stream resumes after it with the frames still retained; anything but an unsigned integer is a 400." },
      "types": { "name": "types", "in": "query", "style": "form", "explode": false,
        "schema": { "type": "array", "items": { "type": "string", "enum": ["audio", "spectral", "stats"] }, "default": ["audio", "spectral", "stats"] },
        "description": "Comma list of the event types /events sends." }
    },
    "headers": {
      "Allow": { "description": "The methods served.", "schema": { "type": "string", "example": "GET, HEAD, OPTIONS" } },
      "RetryAfter": { "description": "Seconds to wait before trying again.", "schema": { "type": "integer" } },
      "WwwAuthenticate": { "description": "Bearer challenge, e.g. Bearer error=\"invalid_token\", error_description=\"...\".", "schema": { "type": "string" } }
    },
    "responses": {
      "BadRequest": { "description": "A malformed HTTP request or request target, a missing, repeated or invalid Host, a control byte in the path (error bad_request), or a GET, HEAD or OPTIONS request with a body (error body_not_allowed); on /api/audio routes also an invalid query parameter or Last-Event-ID (invalid_parameter).",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "Unauthorized": { "description": "Missing, malformed, expired or wrongly signed token (error invalid_token).",
        "headers": { "WWW-Authenticate": { "$ref": "#/components/headers/WwwAuthenticate" } },
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "Forbidden": { "description": "The token lacks the required scope (error insufficient_scope).",
        "headers": { "WWW-Authenticate": { "$ref": "#/components/headers/WwwAuthenticate" } },
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "MethodNotAllowed": { "description": "A method other than GET, HEAD or OPTIONS (error method_not_allowed).",
        "headers": { "Allow": { "$ref": "#/components/headers/Allow" } },
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "UriTooLong": { "description": "The request line alone exceeds server.max_header_bytes (error uri_too_long).",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "HeadersTooLarge": { "description": "The request headers exceed server.max_header_bytes (error header_too_large).",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "TooManyConnections": { "description": "The server is at server.max_connections (error too_many_connections).",
        "headers": { "Retry-After": { "$ref": "#/components/headers/RetryAfter" } },
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
    },
    "schemas": {
      "Error": { "type": "object", "required": ["error", "error_description"],
        "properties": { "error": { "type": "string", "description": "A stable code, e.g. invalid_parameter." }, "error_description": { "type": "string" } } },
      "Sample": { "type": "number", "format": "float", "nullable": true, "description": "A sample, written as the shortest text that reads back as the same float32 and always with a point or an exponent (1.0, -0.0, 1e+07), so typed parsers read a float; null when it is not finite (NaN or infinite)." },
      "AudioFrameResponse": { "type": "object", "additionalProperties": false,
        "description": "encoding=json: the channels as arrays of numbers.",
        "required": ["channel_a", "channel_b", "sample_rate", "timestamp", "frame_number", "duration_ms"],
        "properties": {
          "channel_a": { "type": "array", "items": { "$ref": "#/components/schemas/Sample" } },
          "channel_b": { "type": "array", "items": { "$ref": "#/components/schemas/Sample" } },
          "sample_rate": { "type": "integer", "description": "Hz." },
          "timestamp": { "type": "integer", "description": "Unix ms of the first sample." },
          "frame_number": { "type": "integer", "description": "Consecutive from 0; the SSE event id." },
          "duration_ms": { "type": "number", "description": "Duration of the whole frame (before decimation)." } } },
      "AudioFrameFastResponse": { "type": "object", "additionalProperties": false,
        "description": "encoding=f32 (and /audio/fast): the channels as base64 of little-endian float32, non-finite values included as they are.",
        "required": ["channel_a", "channel_b", "channels_length", "channels_raw_type", "channels_element_size", "sample_rate", "timestamp", "frame_number", "duration_ms"],
        "properties": {
          "channel_a": { "type": "string", "format": "byte", "description": "base64 of little-endian float32." },
          "channel_b": { "type": "string", "format": "byte", "description": "base64 of little-endian float32." },
          "channels_length": { "type": "integer", "description": "Samples per channel (after decimation)." },
          "channels_raw_type": { "type": "string", "enum": ["f32"] },
          "channels_element_size": { "type": "integer", "enum": [4], "description": "Bytes per sample." },
          "sample_rate": { "type": "integer", "description": "Hz." },
          "timestamp": { "type": "integer", "description": "Unix ms of the first sample." },
          "frame_number": { "type": "integer", "description": "Consecutive from 0; the SSE event id." },
          "duration_ms": { "type": "number", "description": "Duration of the whole frame (before decimation)." } } },
      "AudioFrame": { "description": "The frame in the requested encoding.",
        "oneOf": [ { "$ref": "#/components/schemas/AudioFrameResponse" }, { "$ref": "#/components/schemas/AudioFrameFastResponse" } ] },
      "SpectralDataResponse": { "type": "object",
        "required": ["frequencies", "magnitude_a", "magnitude_b", "phase_a", "phase_b", "frame_number", "timestamp", "sample_rate"],
        "properties": {
          "frequencies": { "type": "array", "items": { "type": "number" }, "description": "Hz of each bin sent." },
          "magnitude_a": { "type": "array", "items": { "$ref": "#/components/schemas/Sample" }, "description": "Single-sided amplitude." },
          "magnitude_b": { "type": "array", "items": { "$ref": "#/components/schemas/Sample" }, "description": "Single-sided amplitude." },
          "phase_a": { "type": "array", "nullable": true, "items": { "$ref": "#/components/schemas/Sample" }, "description": "Radians; null without phase=true." },
          "phase_b": { "type": "array", "nullable": true, "items": { "$ref": "#/components/schemas/Sample" }, "description": "Radians; null without phase=true." },
          "frame_number": { "type": "integer", "description": "The audio frame the spectrum ends with; the SSE event id." },
          "timestamp": { "type": "integer", "description": "Unix ms." },
          "sample_rate": { "type": "integer", "description": "Hz." } } },
      "SourceStatus": { "type": "object",
        "required": ["name", "state", "frames_published", "read_errors", "last_error", "retry_delay_ms"],
        "properties": {
          "name": { "type": "string" },
          "state": { "$ref": "#/components/schemas/AcquisitionState" },
          "frames_published": { "type": "integer" },
          "read_errors": { "type": "integer", "description": "Source read errors, each retried with backoff." },
          "last_error": { "type": "string", "nullable": true },
          "retry_delay_ms": { "type": "integer", "description": "The current backoff while retrying." } } },
      "AcquisitionState": { "type": "string", "enum": ["idle", "running", "retrying", "ended", "stopped"] },
      "StreamStats": { "type": "object",
        "required": ["total_frames", "active_subscribers", "fps", "last_update", "dropped_frames", "stream_closed", "buffer_size", "source", "spectral_available", "bytes_sent"],
        "properties": {
          "total_frames": { "type": "integer" },
          "active_subscribers": { "type": "integer", "description": "Connected SSE stream clients." },
          "fps": { "type": "number", "description": "Measured over the last >= 1 s." },
          "last_update": { "type": "integer", "description": "Unix ms of the last frame (0: none yet)." },
          "dropped_frames": { "type": "integer", "description": "Frames and spectra consumers skipped: lag in the audio and spectral rings, and frames a Last-Event-ID resume asked for that were no longer retained." },
          "stream_closed": { "type": "boolean", "description": "Acquisition has ended." },
          "buffer_size": { "type": "integer", "description": "Frames the broadcast ring retains (the Last-Event-ID replay window)." },
          "source": { "$ref": "#/components/schemas/SourceStatus" },
          "spectral_available": { "type": "boolean", "description": "A spectral analyser runs (else /spectral is 503)." },
          "bytes_sent": { "type": "integer", "description": "Bytes written to HTTP clients, every response included." } } },
      "Health": { "type": "object",
        "required": ["status", "acquisition", "source", "frames_published", "total_frames", "last_update", "version"],
        "properties": {
          "status": { "type": "string", "enum": ["ok", "failing"] },
          "acquisition": { "$ref": "#/components/schemas/AcquisitionState" },
          "source": { "type": "string" },
          "frames_published": { "type": "integer" },
          "last_error": { "type": "string", "description": "Present after a source error." },
          "total_frames": { "type": "integer" },
          "last_update": { "type": "integer", "description": "Unix ms of the last frame (0: none yet)." },
          "version": { "type": "string" } } },
      "HealthOrError": { "oneOf": [ { "$ref": "#/components/schemas/Health" }, { "$ref": "#/components/schemas/Error" } ] },
      "HeartbeatEvent": { "type": "object", "description": "Sent after streaming.sse_timeout_secs without a frame (event: heartbeat on /events).",
        "required": ["type"], "properties": { "type": { "type": "string", "enum": ["heartbeat"] } } },
      "LaggedEvent": { "type": "object", "description": "Frames were skipped: the client fell behind, or resumed after a frame no longer retained (event: lagged on /events, one notice per type); sent before the next frame, skipped equals the gap in frame_number.",
        "required": ["type", "skipped"],
        "properties": {
          "type": { "type": "string", "enum": ["lagged"] },
          "skipped": { "type": "integer", "minimum": 1, "description": "Frames skipped since the last one sent." },
          "event": { "type": "string", "enum": ["audio", "spectral"], "description": "On /events only: the stream that lagged." } } },
      "AudioStreamEvent": { "description": "The data of one event of /audio: a frame (id: frame_number) in the requested encoding, a heartbeat or a lag notice.",
        "oneOf": [ { "$ref": "#/components/schemas/AudioFrameResponse" }, { "$ref": "#/components/schemas/AudioFrameFastResponse" },
          { "$ref": "#/components/schemas/HeartbeatEvent" }, { "$ref": "#/components/schemas/LaggedEvent" } ] },
      "AudioFastStreamEvent": { "description": "The data of one event of /audio/fast: a frame (id: frame_number), a heartbeat or a lag notice.",
        "oneOf": [ { "$ref": "#/components/schemas/AudioFrameFastResponse" }, { "$ref": "#/components/schemas/HeartbeatEvent" }, { "$ref": "#/components/schemas/LaggedEvent" } ] },
      "SpectralStreamEvent": { "description": "The data of one event of /spectral: a spectrum (id: frame_number), a heartbeat or a lag notice.",
        "oneOf": [ { "$ref": "#/components/schemas/SpectralDataResponse" }, { "$ref": "#/components/schemas/HeartbeatEvent" }, { "$ref": "#/components/schemas/LaggedEvent" } ] },
      "NamedStreamEvent": { "description": "The data of one event of /events, by event name: audio (a frame in the requested encoding, id: frame_number), spectral (id: frame_number), stats (once a second), heartbeat, lagged.",
        "oneOf": [ { "$ref": "#/components/schemas/AudioFrameResponse" }, { "$ref": "#/components/schemas/AudioFrameFastResponse" },
          { "$ref": "#/components/schemas/SpectralDataResponse" }, { "$ref": "#/components/schemas/StreamStats" },
          { "$ref": "#/components/schemas/HeartbeatEvent" }, { "$ref": "#/components/schemas/LaggedEvent" } ] }
    }
  },
  "paths": {
    "/api/audio/stream/stats": { "get": { "summary": "Stream statistics and source state", "operationId": "getStats", "tags": ["status"],
      "security": [ { "bearerAuth": [] }, { "queryToken": [] } ],
      "responses": { "200": { "description": "Statistics", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StreamStats" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "403": { "$ref": "#/components/responses/Forbidden" },
        "405": { "$ref": "#/components/responses/MethodNotAllowed" }, "414": { "$ref": "#/components/responses/UriTooLong" },
        "431": { "$ref": "#/components/responses/HeadersTooLarge" }, "503": { "$ref": "#/components/responses/TooManyConnections" } } } },
    "/api/audio/stream/latest": { "get": { "summary": "The latest frame", "operationId": "getLatest", "tags": ["frames"],
      "security": [ { "bearerAuth": [] }, { "queryToken": [] } ],
      "parameters": [ { "$ref": "#/components/parameters/decimate" }, { "$ref": "#/components/parameters/encoding" } ],
      "responses": { "200": { "description": "The latest frame: AudioFrameResponse, or AudioFrameFastResponse with encoding=f32", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AudioFrame" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "403": { "$ref": "#/components/responses/Forbidden" },
        "404": { "description": "No frame yet (error no_frame)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
        "405": { "$ref": "#/components/responses/MethodNotAllowed" }, "414": { "$ref": "#/components/responses/UriTooLong" },
        "431": { "$ref": "#/components/responses/HeadersTooLarge" }, "503": { "$ref": "#/components/responses/TooManyConnections" } } } },
    "/api/audio/stream/audio": { "get": { "summary": "Raw frames as Server-Sent Events", "operationId": "streamAudio", "tags": ["streams"],
      "description": "Starts with retry:, then one unnamed event per frame (id: frame_number); heartbeats and lag notices in between. The schema is that of each event's data.",
      "security": [ { "bearerAuth": [] }, { "queryToken": [] } ],
      "parameters": [ { "$ref": "#/components/parameters/decimate" }, { "$ref": "#/components/parameters/encoding" }, { "$ref": "#/components/parameters/last_event_id" }, { "$ref": "#/components/parameters/lastEventIdHeader" } ],
      "responses": { "200": { "description": "text/event-stream of frames, heartbeats and lag notices", "content": { "text/event-stream": { "schema": { "$ref": "#/components/schemas/AudioStreamEvent" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "403": { "$ref": "#/components/responses/Forbidden" },
        "405": { "$ref": "#/components/responses/MethodNotAllowed" }, "414": { "$ref": "#/components/responses/UriTooLong" },
        "431": { "$ref": "#/components/responses/HeadersTooLarge" }, "503": { "$ref": "#/components/responses/TooManyConnections" } } } },
    "/api/audio/stream/audio/fast": { "get": { "summary": "Raw frames, base64 float32 encoding", "operationId": "streamAudioFast", "tags": ["streams"],
      "description": "/audio with encoding=f32. The schema is that of each event's data.",
      "security": [ { "bearerAuth": [] }, { "queryToken": [] } ],
      "parameters": [ { "$ref": "#/components/parameters/decimate" }, { "$ref": "#/components/parameters/last_event_id" }, { "$ref": "#/components/parameters/lastEventIdHeader" } ],
      "responses": { "200": { "description": "text/event-stream of f32 frames, heartbeats and lag notices", "content": { "text/event-stream": { "schema": { "$ref": "#/components/schemas/AudioFastStreamEvent" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "403": { "$ref": "#/components/responses/Forbidden" },
        "405": { "$ref": "#/components/responses/MethodNotAllowed" }, "414": { "$ref": "#/components/responses/UriTooLong" },
        "431": { "$ref": "#/components/responses/HeadersTooLarge" }, "503": { "$ref": "#/components/responses/TooManyConnections" } } } },
    "/api/audio/stream/spectral": { "get": { "summary": "FFT spectra as Server-Sent Events", "operationId": "streamSpectral", "tags": ["streams"],
      "description": "Starts with retry:, then one unnamed event per spectrum (id: frame_number); heartbeats and lag notices in between. The schema is that of each event's data.",
      "security": [ { "bearerAuth": [] }, { "queryToken": [] } ],
      "parameters": [ { "$ref": "#/components/parameters/fmin" }, { "$ref": "#/components/parameters/fmax" }, { "$ref": "#/components/parameters/phase" }, { "$ref": "#/components/parameters/last_event_id" }, { "$ref": "#/components/parameters/lastEventIdHeader" } ],
      "responses": { "200": { "description": "text/event-stream of spectra, heartbeats and lag notices", "content": { "text/event-stream": { "schema": { "$ref": "#/components/schemas/SpectralStreamEvent" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "403": { "$ref": "#/components/responses/Forbidden" },
        "405": { "$ref": "#/components/responses/MethodNotAllowed" }, "414": { "$ref": "#/components/responses/UriTooLong" },
        "431": { "$ref": "#/components/responses/HeadersTooLarge" },
        "503": { "description": "No spectral analyser is running (error spectral_unavailable), or the server is at server.max_connections (error too_many_connections, with Retry-After).",
          "headers": { "Retry-After": { "$ref": "#/components/headers/RetryAfter" } },
          "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } } } },
    "/api/audio/stream/events": { "get": { "summary": "Several named event types on one connection", "operationId": "streamEvents", "tags": ["streams"],
      "description": "Named events (event: audio, spectral, stats, heartbeat, lagged); audio and spectral carry id: frame_number. A lagged notice names the stream that lagged in its event field. The schema is that of each event's data.",
      "security": [ { "bearerAuth": [] }, { "queryToken": [] } ],
      "parameters": [ { "$ref": "#/components/parameters/types" }, { "$ref": "#/components/parameters/decimate" }, { "$ref": "#/components/parameters/encoding" },
        { "$ref": "#/components/parameters/fmin" }, { "$ref": "#/components/parameters/fmax" }, { "$ref": "#/components/parameters/phase" },
        { "$ref": "#/components/parameters/last_event_id" }, { "$ref": "#/components/parameters/lastEventIdHeader" } ],
      "responses": { "200": { "description": "text/event-stream of named events", "content": { "text/event-stream": { "schema": { "$ref": "#/components/schemas/NamedStreamEvent" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "403": { "$ref": "#/components/responses/Forbidden" },
        "405": { "$ref": "#/components/responses/MethodNotAllowed" }, "414": { "$ref": "#/components/responses/UriTooLong" },
        "431": { "$ref": "#/components/responses/HeadersTooLarge" }, "503": { "$ref": "#/components/responses/TooManyConnections" } } } },
    "/api/openapi.json": { "get": { "summary": "This document", "operationId": "getOpenApi", "tags": ["docs"], "security": [],
      "responses": { "200": { "description": "OpenAPI 3 document", "content": { "application/json": { "schema": { "type": "object" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "405": { "$ref": "#/components/responses/MethodNotAllowed" },
        "414": { "$ref": "#/components/responses/UriTooLong" }, "431": { "$ref": "#/components/responses/HeadersTooLarge" }, "503": { "$ref": "#/components/responses/TooManyConnections" } } } },
    "/api/doc/": { "get": { "summary": "API documentation page (RapiDoc, served locally)", "operationId": "getDoc", "tags": ["docs"], "security": [],
      "description": "GET /api/doc redirects here (308).",
      "responses": { "200": { "description": "HTML", "content": { "text/html": { "schema": { "type": "string" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "405": { "$ref": "#/components/responses/MethodNotAllowed" },
        "414": { "$ref": "#/components/responses/UriTooLong" }, "431": { "$ref": "#/components/responses/HeadersTooLarge" }, "503": { "$ref": "#/components/responses/TooManyConnections" } } } },
    "/healthz": { "get": { "summary": "Health", "operationId": "getHealth", "tags": ["status"], "security": [],
      "responses": { "200": { "description": "Acquisition healthy", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "405": { "$ref": "#/components/responses/MethodNotAllowed" },
        "414": { "$ref": "#/components/responses/UriTooLong" }, "431": { "$ref": "#/components/responses/HeadersTooLarge" },
        "503": { "description": "Acquisition failing (retrying or not started; the Health document with status failing), or the server is at server.max_connections (Error too_many_connections, with Retry-After).",
          "headers": { "Retry-After": { "$ref": "#/components/headers/RetryAfter" } },
          "content": { "application/json": { "schema": { "$ref": "#/components/schemas/HealthOrError" } } } } } } },
    "/metrics": { "get": { "summary": "Prometheus metrics", "operationId": "getMetrics", "tags": ["status"], "security": [],
      "responses": { "200": { "description": "Prometheus text exposition format 0.0.4", "content": { "text/plain": { "schema": { "type": "string" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "405": { "$ref": "#/components/responses/MethodNotAllowed" },
        "414": { "$ref": "#/components/responses/UriTooLong" }, "431": { "$ref": "#/components/responses/HeadersTooLarge" }, "503": { "$ref": "#/components/responses/TooManyConnections" } } } },
    "/": { "get": { "summary": "Web dashboard", "operationId": "getDashboard", "tags": ["docs"], "security": [],
      "responses": { "200": { "description": "HTML", "content": { "text/html": { "schema": { "type": "string" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" },
        "404": { "description": "The dashboard's files are not installed (error not_found)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
        "405": { "$ref": "#/components/responses/MethodNotAllowed" },
        "414": { "$ref": "#/components/responses/UriTooLong" }, "431": { "$ref": "#/components/responses/HeadersTooLarge" }, "503": { "$ref": "#/components/responses/TooManyConnections" } } } }
  }
}
)JSON";

}  // namespace

std::string openapi_document(std::string_view version) {
    std::string doc(kDocument);
    const std::string_view marker = "@VERSION@";
    if (auto at = doc.find(marker); at != std::string::npos)
        doc.replace(at, marker.size(), version);
    return doc;
}

}  // namespace acoustream::http
