// The Markdown subset of Plein lives in @plein/shared/markdown (profiles' bios use it too); the feed
// re-exports it so its own code keeps one import path.
export * from '@plein/shared/markdown';
