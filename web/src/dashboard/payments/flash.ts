/** A success message carried in navigation state to the page an action lands on. */
export type Flash = { flash?: string };
