"use server";
import { adminsAndAnError } from "../../admins";

export async function checkIntercom() {
  return JSON.stringify(await adminsAndAnError());
}
