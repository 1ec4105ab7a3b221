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
    "description": "Live two-channel photoacoustic audio over HTTP: raw frames and FFT spectra as Server-Sent Events, statistics, the latest frame, health and metrics.",
    "license": { "name": "GPL-3.0-or-later" }
  },
  "servers": [ { "url": "/" } ],
  "components": {
    "securitySchemes": {
      "bearerAuth": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
        "description": "HS256 or RS256 JWT with exp and the configured scope (default read:api). Browsers' EventSource may pass it as the access_token query parameter instead." },
      "queryToken": { "type": "apiKey", "in": "query", "name": "access_token" }
    },
    "parameters": {
      "decimate": { "name": "decimate", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 1000000, "default": 1 }, "description": "Send samples 0, K, 2K, ... of each frame." },
      "encoding": { "name": "encoding", "in": "query", "schema": { "type": "string", "enum": ["json", "f32"], "default": "json" }, "description": "json: float arrays; f32: base64 of little-endian float32 (the fast format)." },
      "fmin": { "name": "fmin", "in": "query", "schema": { "type": "number", "minimum": 0 }, "description": "Lowest frequency bin sent (Hz)." },
      "fmax": { "name": "fmax", "in": "query", "schema": { "type": "number", "minimum": 0 }, "description": "Highest frequency bin sent (Hz)." },
      "phase": { "name": "phase", "in": "query", "schema": { "type": "boolean", "default": false }, "description": "Include phases (radians)." },
      "last_event_id": { "name": "last_event_id", "in": "query", "schema": { "type": "integer", "minimum": 0 }, "description": "Replay retained frames after this frame number (also the Last-Event-ID header)." },
      "types": { "name": "types", "in": "query", "schema": { "type": "string", "default": "audio,spectral,stats" }, "description": "Comma list of event types for /events: audio, spectral, stats." }
    },
    "responses": {
      "Unauthorized": { "description": "Missing, malformed, expired or wrongly signed token. Carries WWW-Authenticate: Bearer error=\"invalid_token\".",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "Forbidden": { "description": "The token lacks the required scope.",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
      "BadRequest": { "description": "An invalid query parameter.",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
    },
    "schemas": {
      "Error": { "type": "object", "required": ["error", "error_description"],
        "properties": { "error": { "type": "string" }, "error_description": { "type": "string" } } },
      "AudioFrameResponse": { "type": "object",
        "required": ["channel_a", "channel_b", "sample_rate", "timestamp", "frame_number", "duration_ms"],
        "properties": {
          "channel_a": { "type": "array", "items": { "type": "number", "format": "float" } },
          "channel_b": { "type": "array", "items": { "type": "number", "format": "float" } },
          "sample_rate": { "type": "integer" },
          "timestamp": { "type": "integer", "description": "Unix ms of the first sample." },
          "frame_number": { "type": "integer" },
          "duration_ms": { "type": "number" } } },
      "AudioFrameFastResponse": { "type": "object",
        "properties": {
          "channel_a": { "type": "string", "format": "byte", "description": "base64 of little-endian float32" },
          "channel_b": { "type": "string", "format": "byte" },
          "channels_length": { "type": "integer" },
          "channels_raw_type": { "type": "string", "enum": ["f32"] },
          "channels_element_size": { "type": "integer", "enum": [4] },
          "sample_rate": { "type": "integer" }, "timestamp": { "type": "integer" },
          "frame_number": { "type": "integer" }, "duration_ms": { "type": "number" } } },
      "SpectralDataResponse": { "type": "object",
        "properties": {
          "frequencies": { "type": "array", "items": { "type": "number" } },
          "magnitude_a": { "type": "array", "items": { "type": "number" }, "description": "Single-sided amplitude." },
          "magnitude_b": { "type": "array", "items": { "type": "number" } },
          "phase_a": { "type": "array", "nullable": true, "items": { "type": "number" } },
          "phase_b": { "type": "array", "nullable": true, "items": { "type": "number" } },
          "frame_number": { "type": "integer" }, "timestamp": { "type": "integer" },
          "sample_rate": { "type": "integer" } } },
      "StreamStats": { "type": "object",
        "properties": {
          "total_frames": { "type": "integer" }, "active_subscribers": { "type": "integer" },
          "fps": { "type": "number" }, "last_update": { "type": "integer" },
          "dropped_frames": { "type": "integer" }, "stream_closed": { "type": "boolean" },
          "source": { "type": "object" } } },
      "ControlEvent": { "type": "object", "description": "Heartbeat {\"type\":\"heartbeat\"} or lag notice {\"type\":\"lagged\",\"skipped\":N}.",
        "properties": { "type": { "type": "string", "enum": ["heartbeat", "lagged"] }, "skipped": { "type": "integer" } } }
    }
  },
  "paths": {
    "/api/audio/stream/stats": { "get": { "summary": "Stream statistics and source state", "operationId": "getStats",
      "security": [ { "bearerAuth": [] }, { "queryToken": [] } ],
      "responses": { "200": { "description": "Statistics", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/StreamStats" } } } },
        "401": { "$ref": "#/components/responses/Unauthorized" }, "403": { "$ref": "#/components/responses/Forbidden" } } } },
    "/api/audio/stream/latest": { "get": { "summary": "The latest frame", "operationId": "getLatest",
      "security": [ { "bearerAuth": [] }, { "queryToken": [] } ],
      "parameters": [ { "$ref": "#/components/parameters/decimate" }, { "$ref": "#/components/parameters/encoding" } ],
      "responses": { "200": { "description": "The latest frame", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AudioFrameResponse" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "403": { "$ref": "#/components/responses/Forbidden" },
        "404": { "description": "No frame yet (error no_frame)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } } } },
    "/api/audio/stream/audio": { "get": { "summary": "Raw frames as Server-Sent Events", "operationId": "streamAudio",
      "description": "Starts with retry:, then one unnamed event per frame (id: frame_number, data: AudioFrameResponse); heartbeats and lag notices as ControlEvent data.",
      "security": [ { "bearerAuth": [] }, { "queryToken": [] } ],
      "parameters": [ { "$ref": "#/components/parameters/decimate" }, { "$ref": "#/components/parameters/encoding" }, { "$ref": "#/components/parameters/last_event_id" } ],
      "responses": { "200": { "description": "text/event-stream of AudioFrameResponse", "content": { "text/event-stream": { "schema": { "$ref": "#/components/schemas/AudioFrameResponse" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "403": { "$ref": "#/components/responses/Forbidden" } } } },
    "/api/audio/stream/audio/fast": { "get": { "summary": "Raw frames, base64 float32 encoding", "operationId": "streamAudioFast",
      "security": [ { "bearerAuth": [] }, { "queryToken": [] } ],
      "parameters": [ { "$ref": "#/components/parameters/decimate" }, { "$ref": "#/components/parameters/last_event_id" } ],
      "responses": { "200": { "description": "text/event-stream of AudioFrameFastResponse", "content": { "text/event-stream": { "schema": { "$ref": "#/components/schemas/AudioFrameFastResponse" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "403": { "$ref": "#/components/responses/Forbidden" } } } },
    "/api/audio/stream/spectral": { "get": { "summary": "FFT spectra as Server-Sent Events", "operationId": "streamSpectral",
      "security": [ { "bearerAuth": [] }, { "queryToken": [] } ],
      "parameters": [ { "$ref": "#/components/parameters/fmin" }, { "$ref": "#/components/parameters/fmax" }, { "$ref": "#/components/parameters/phase" }, { "$ref": "#/components/parameters/last_event_id" } ],
      "responses": { "200": { "description": "text/event-stream of SpectralDataResponse", "content": { "text/event-stream": { "schema": { "$ref": "#/components/schemas/SpectralDataResponse" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "403": { "$ref": "#/components/responses/Forbidden" },
        "503": { "description": "No spectral analyser running", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } } } },
    "/api/audio/stream/events": { "get": { "summary": "Several named event types on one connection", "operationId": "streamEvents",
      "description": "Named events: audio (AudioFrameResponse, id: frame_number), spectral (SpectralDataResponse, id: frame_number), stats (StreamStats, once a second), heartbeat, lagged.",
      "security": [ { "bearerAuth": [] }, { "queryToken": [] } ],
      "parameters": [ { "$ref": "#/components/parameters/types" }, { "$ref": "#/components/parameters/decimate" }, { "$ref": "#/components/parameters/encoding" },
        { "$ref": "#/components/parameters/fmin" }, { "$ref": "#/components/parameters/fmax" }, { "$ref": "#/components/parameters/phase" }, { "$ref": "#/components/parameters/last_event_id" } ],
      "responses": { "200": { "description": "text/event-stream", "content": { "text/event-stream": { "schema": { "type": "string" } } } },
        "400": { "$ref": "#/components/responses/BadRequest" }, "401": { "$ref": "#/components/responses/Unauthorized" }, "403": { "$ref": "#/components/responses/Forbidden" } } } },
    "/api/openapi.json": { "get": { "summary": "This document", "operationId": "getOpenApi", "security": [],
      "responses": { "200": { "description": "OpenAPI 3 document", "content": { "application/json": {} } } } } },
    "/api/doc/": { "get": { "summary": "API documentation page (RapiDoc, served locally)", "operationId": "getDoc", "security": [],
      "responses": { "200": { "description": "HTML", "content": { "text/html": {} } } } } },
    "/healthz": { "get": { "summary": "Health", "operationId": "getHealth", "security": [],
      "responses": { "200": { "description": "Acquisition healthy", "content": { "application/json": {} } },
        "503": { "description": "Acquisition failing (retrying)", "content": { "application/json": {} } } } } },
    "/metrics": { "get": { "summary": "Prometheus metrics", "operationId": "getMetrics", "security": [],
      "responses": { "200": { "description": "Prometheus text exposition", "content": { "text/plain": {} } } } } },
    "/": { "get": { "summary": "Web dashboard", "operationId": "getDashboard", "security": [],
      "responses": { "200": { "description": "HTML", "content": { "text/html": {} } } } } }
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
