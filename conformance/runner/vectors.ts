/**
 * The vector reader's former place: it is conformance/vectors/read.ts now (the vector format:
 * types, reader, writer, and build/ for regen and lint). Kept for modules not moved yet.
 */
export * from '../vectors/read.ts';
