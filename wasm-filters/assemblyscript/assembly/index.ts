// A proxy-wasm filter written against a third-party SDK (@solo-io/proxy-runtime, AssemblyScript),
// to prove Gatehouse runs modules it did not write: it stamps every response with a header whose
// value is the plugin configuration ("x-as-stamp: <configuration>"), and reads the request path
// through the SDK's property API into "x-as-path".
//
// StampRoot reads its configuration itself: the SDK 0.1.8's RootContext.onConfigure passes the
// configuration's size where the host expects a pointer for the returned size, so the host writes
// into the module's static data (address 11) and the module's state is corrupted afterwards.
export * from "@solo-io/proxy-runtime/proxy";
import { RootContext, Context, registerRootContext, FilterHeadersStatusValues, stream_context }
    from "@solo-io/proxy-runtime";
import { get_property, get_buffer_bytes, BufferTypeValues } from "@solo-io/proxy-runtime/runtime";

let stamp: string = "stamped";

class StampRoot extends RootContext {
  createContext(context_id: u32): Context {
    return new Stamp(context_id, this);
  }

  onConfigure(configuration_size: u32): bool {
    if (configuration_size > 0) {
      stamp = String.UTF8.decode(get_buffer_bytes(BufferTypeValues.PluginConfiguration, 0, configuration_size));
    }
    return true;
  }
}

class Stamp extends Context {
  constructor(context_id: u32, root_context: StampRoot) {
    super(context_id, root_context);
  }

  onResponseHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    stream_context.headers.response.add("x-as-stamp", stamp);
    const path = get_property("request.path");
    stream_context.headers.response.add("x-as-path", String.UTF8.decode(path));
    return FilterHeadersStatusValues.Continue;
  }
}

registerRootContext((context_id: u32) => { return new StampRoot(context_id); }, "as_stamp");
