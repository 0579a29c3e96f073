// Where the app finds the API gateway. Expo inlines EXPO_PUBLIC_* variables when it bundles, so
// this is fixed per build: on a phone, point it at the gateway's address on your network.
export const apiUrl = process.env.EXPO_PUBLIC_API_URL || 'http://127.0.0.1:8080';
