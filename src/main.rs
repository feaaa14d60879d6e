//! Mounts the app; everything else lives in the library so tests can reach it.
use pkjwt::browser::clock::now_ms;
use pkjwt::engine::Engine;
use pkjwt_core::assertion::AssertionSettings;
use pkjwt_core::jwa::Alg;
use pkjwt_core::key::KeyKind;
use wasm_bindgen::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(pkjwt::app::App);
    pkjwt::lazy::preload_after_idle();
}

// Benchmark hooks for `make bench` (scripts/bench.mjs): the page's own code paths, timed in
// the page, without rendering. Exported as `window.wasmBindings.pkjwtBench…`. They take no
// key from outside the page except the ones the benchmark itself generated.

/// Generates a key the way the Generate button does; returns the milliseconds it took, and of
/// them the key maker's (WebCrypto's generateKey and exportKey, or the worker).
#[wasm_bindgen(js_name = pkjwtBenchGenerate)]
pub async fn bench_generate(kind: String, engine: String) -> Result<Vec<f64>, JsValue> {
    let kind = KeyKind::from_id(&kind).ok_or_else(|| JsValue::from_str("unknown key type"))?;
    let started = now_ms();
    let generated = Engine::from_id(&engine).generate(kind).await.map_err(|e| JsValue::from_str(&e.message()))?;
    Ok(vec![now_ms() - started, generated.maker_millis])
}

/// Signs `iterations` client assertions with `private_jwk` the way the page does (claims,
/// header, signature); returns the milliseconds of each.
#[wasm_bindgen(js_name = pkjwtBenchSign)]
pub async fn bench_sign(private_jwk: String, alg: String, iterations: u32) -> Result<Vec<f64>, JsValue> {
    // Read the way a generated key is (in its lazy module, as the page does).
    let key = pkjwt::material::read_generated(zeroize::Zeroizing::new(private_jwk))
        .await
        .map_err(|_| JsValue::from_str("the key reader could not be loaded"))?
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let alg = Alg::from_name(&alg).ok_or_else(|| JsValue::from_str("unknown alg"))?;
    let settings = AssertionSettings {
        client_id: "benchmark-client".into(),
        subject: "benchmark-client".into(),
        audience: "https://authorization-server.example/token".into(),
        alg,
        ..AssertionSettings::default()
    };
    let mut times = Vec::with_capacity(iterations as usize);
    for _ in 0..iterations {
        let started = now_ms();
        pkjwt::signer::sign_assertion(settings.clone(), key.clone(), Engine::WebCrypto).await.map_err(|e| JsValue::from_str(&e.to_string()))?;
        times.push(now_ms() - started);
    }
    Ok(times)
}
