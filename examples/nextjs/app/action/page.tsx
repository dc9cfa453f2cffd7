"use client";
import { useState } from "react";
import { checkIntercom } from "./actions";

export default function ActionPage() {
  const [result, setResult] = useState("");
  return (
    <main>
      <button onClick={async () => setResult(await checkIntercom())}>Check Intercom</button>
      <pre id="result">{result}</pre>
    </main>
  );
}
