export default function Home() {
  return (
    <ul>
      <li><a href="/api/node">/api/node</a> (Node runtime route)</li>
      <li><a href="/api/edge">/api/edge</a> (Edge runtime route)</li>
      <li><a href="/middleware">/middleware</a> (answered by middleware)</li>
      <li><a href="/action">/action</a> (a server action)</li>
    </ul>
  );
}
