// The benchmark's baseline: the cheapest route the server has.
export function GET() {
  return Response.json({ ok: true });
}
