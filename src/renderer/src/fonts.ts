// Fonts ship with the app (Noto Sans, OFL) so names in Thai, Lao, Khmer, Myanmar and Bengali script render and print
// on a laptop that has none of them installed. Vite bundles the woff2 files; they load from the app's own origin.
// styles.css puts the faces in one stack (--wm-font).
import '@fontsource/noto-sans/400.css'
import '@fontsource/noto-sans/600.css'
import '@fontsource/noto-sans-thai/400.css'
import '@fontsource/noto-sans-thai/600.css'
import '@fontsource/noto-sans-lao/400.css'
import '@fontsource/noto-sans-lao/600.css'
import '@fontsource/noto-sans-khmer/400.css'
import '@fontsource/noto-sans-khmer/600.css'
import '@fontsource/noto-sans-myanmar/400.css'
import '@fontsource/noto-sans-myanmar/600.css'
import '@fontsource/noto-sans-bengali/400.css'
import '@fontsource/noto-sans-bengali/600.css'

