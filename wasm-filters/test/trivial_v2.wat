;; The smallest useful proxy-wasm module: marks the ABI version and continues every callback.
;; Used by the latency benchmark and the hot-swap test (a second copy is this one, answering v2).
(module
  (import "env" "proxy_add_header_map_value" (func $add (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "x-trivial")
  (data (i32.const 32) "v2")
  (func (export "proxy_abi_version_0_2_0"))
  (func (export "proxy_on_memory_allocate") (param i32) (result i32) (i32.const 1024))
  (func (export "proxy_on_context_create") (param i32 i32))
  (func (export "proxy_on_response_headers") (param i32 i32 i32) (result i32)
    (drop (call $add (i32.const 2) (i32.const 16) (i32.const 9) (i32.const 32) (i32.const 2)))
    (i32.const 0)))
