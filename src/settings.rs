//! The user's choices as signals: one per field of the core's declaration
//! ([`pkjwt_core::setup_fields!`]), so that each input binds to exactly what it edits. The
//! signals, a plain snapshot ([`Setup`]), loading one back and reset all follow from that one
//! list; what the page derives reads [`Settings::effective`].
use crate::key_store::KeyStore;
use leptos::prelude::*;
use pkjwt_core::setup::{Effective, FieldSpec, Setup, FIELDS};

/// One setting: its signal, and its declaration (for the input's limit). Reads and writes go
/// through the signal it dereferences to.
pub struct Field<T: 'static> {
    signal: RwSignal<T>,
    pub spec: &'static FieldSpec,
}

impl<T: 'static> Clone for Field<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: 'static> Copy for Field<T> {}

impl<T: 'static> std::ops::Deref for Field<T> {
    type Target = RwSignal<T>;
    fn deref(&self) -> &RwSignal<T> {
        &self.signal
    }
}

impl<T: Send + Sync + 'static> From<Field<T>> for RwSignal<T> {
    fn from(field: Field<T>) -> RwSignal<T> {
        field.signal
    }
}

impl<T: PartialEq + Clone + Send + Sync + 'static> Field<T> {
    /// `spec` is the field's entry in the declaration table: the same list made both, in the
    /// same order, so there always is one.
    fn new(spec: Option<&'static FieldSpec>, value: T) -> Field<T> {
        Field { signal: RwSignal::new(value), spec: spec.unwrap_or(&UNDECLARED) }
    }

    /// Writes `value` only when it differs, so nothing re-renders for nothing.
    fn put(&self, value: &T) {
        if self.signal.with_untracked(|current| current != value) {
            self.signal.set(value.clone());
        }
    }
}

/// Never used: the table has an entry for every field.
const UNDECLARED: FieldSpec = pkjwt_core::setup::local();

macro_rules! reactive_settings {
    ($( $(#[$meta:meta])* $name:ident : $ty:ty = $default:expr => $spec:expr, )*) => {
        /// Every setting as a signal.
        #[derive(Clone, Copy)]
        pub struct Settings {
            $( $(#[$meta])* pub $name: Field<$ty>, )*
        }

        impl Settings {
            pub fn new() -> Settings {
                let fresh = Setup::default();
                let mut specs = FIELDS.iter();
                Settings { $( $name: Field::new(specs.next(), fresh.$name), )* }
            }

            /// The settings as plain values, tracked: a closure reading this re-runs on any change.
            pub fn setup(&self) -> Setup {
                Setup { $( $name: self.$name.get(), )* }
            }

            /// Writes a whole setup back (after a preset, a fix, a shared link), touching only
            /// the fields that change.
            pub fn load(&self, next: &Setup) {
                $( self.$name.put(&next.$name); )*
            }
        }
    };
}

pkjwt_core::setup_fields!(reactive_settings);

impl Settings {
    /// The settings as plain values, without subscribing to them (for event handlers).
    pub fn setup_untracked(&self) -> Setup {
        untrack(|| self.setup())
    }

    /// Changes the settings as `change` changes a snapshot of them.
    pub fn edit(&self, change: impl FnOnce(&mut Setup)) {
        let mut setup = self.setup_untracked();
        change(&mut setup);
        self.load(&setup);
    }

    /// Switches the grant (and the URL with it, when it was the known endpoint).
    pub fn switch_grant(&self, grant: pkjwt_core::request::Grant) {
        self.edit(|setup| setup.switch_grant(grant));
    }

    /// Sets one form parameter.
    pub fn set_param(&self, name: &str, value: String) {
        self.params.update(|params| {
            params.insert(name.to_owned(), value);
        });
    }

    /// Chooses a preset: its values for every field it sets, and its key type recommended.
    pub fn choose_preset(&self, keys: KeyStore, preset: &'static pkjwt_core::preset::Preset) {
        self.edit(|setup| *setup = setup.with_preset(preset));
        keys.recommend(preset);
    }

    /// Back to a fresh page's settings: client id, secret, tokens in parameters, endpoints,
    /// discovered metadata, everything.
    pub fn reset(&self) {
        self.load(&Setup::default());
    }

    /// The setup resolved against the current key: what the signer signs, the lint checks and
    /// the request sends. Made once, in `app.rs`, and shared through context.
    pub fn effective(&self, keys: KeyStore) -> Memo<Effective> {
        let settings = *self;
        Memo::new(move |_| {
            let setup = settings.setup();
            keys.key.with(|key| setup.effective(key.as_ref()))
        })
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new()
    }
}
