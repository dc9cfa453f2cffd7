// Middleware answers /middleware itself, to show the package works there too.
import { NextResponse } from "next/server";
import { adminsAndAnError } from "./admins";

export async function middleware() {
  return NextResponse.json(await adminsAndAnError());
}

export const config = { matcher: "/middleware" };
