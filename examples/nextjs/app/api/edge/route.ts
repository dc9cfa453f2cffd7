import { NextResponse } from "next/server";
import { adminsAndAnError } from "../../../admins";

export const runtime = "edge";
export const dynamic = "force-dynamic";

export async function GET() {
  return NextResponse.json(await adminsAndAnError());
}
