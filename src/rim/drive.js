// The awaiting for one IntercomClient call (src/js/flight.rs). Rust makes every step and
// decision synchronously; this loop only awaits the promise each step hands back (a fetch
// attempt or a backoff) and passes what it settled with to the next. Done in JS so the wasm
// needs no async executor, and each settled promise costs one crossing, not a task wake-up.
export async function drive(flight) {
  try {
    for (let pending, outcome; (pending = flight.step(outcome)) !== undefined; ) {
      outcome = await pending;
    }
    // The call's value, or its IntercomError thrown.
    return flight.result();
  } finally {
    flight.free();
  }
}
