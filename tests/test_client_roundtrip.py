"""The generated rye_client against a real graphql-core server over schema/rye.graphql.

Each test makes real HTTP calls and checks both sides: what the server received (headers,
operation, variables) and what the client made of the answer (the typed models, union members
and enums). Every call goes through both the sync `Client` and the `AsyncClient`, which must
send the same request and give equal results (or raise the same error).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest
from graphql import OperationDefinitionNode, OperationType, parse, validate
from rye_client import (
    AmazonCartItemsInput,
    AsyncClient,
    BuyerIdentityInput,
    CancelOrder,
    CancelOrderInput,
    CancelOrderResultCancelAmazonOrderResult,
    CancelOrderStatus,
    CartCreateInput,
    CartItemsInput,
    Client,
    Country,
    CreateCartCartStoresAmazonStore,
    CreateCartCartStoresShopifyStore,
    Currency,
    GetCartCartStoresAmazonStore,
    GetCartCartStoresShopifyStore,
    GraphQLResponseError,
    ShopifyCartItemsInput,
    StoreErrorCode,
)

from tests.rye_server import (
    AMAZON_ORDER_ID,
    CANCEL_FAIL_REASON,
    FAILING_ORDER_ID,
    MANUAL_CANCELLATION_MESSAGE,
    MANUAL_ORDER_ID,
    SAMPLE_AMAZON_PRODUCT_ID,
    SAMPLE_SHOPIFY_VARIANT_ID,
    UNAVAILABLE_SHOPIFY_VARIANT_ID,
    RyeServer,
)

T = TypeVar("T")

API_KEY = "test-key"
AUTHORIZATION = "Basic dGVzdC1rZXk6"  # base64("test-key:"), Rye's API key as user name

Operation = Callable[[Any], T | Awaitable[T]]


def call(server: RyeServer, operation: Operation[T]) -> T:
    """Run one client call against the server, as an application would, through both clients:
    the same request must reach the server, and the results (or errors) must be equal."""
    before = len(server.requests)
    sync = _outcome(lambda: _call_sync(server, operation))
    asynchronous = _outcome(lambda: asyncio.run(_call_async(server, operation)))
    assert type(sync) is type(asynchronous)
    assert (str(sync) if isinstance(sync, Exception) else sync) == (
        str(asynchronous) if isinstance(asynchronous, Exception) else asynchronous
    )
    sync_request, async_request = server.requests[before:]
    assert sync_request.body == async_request.body
    assert sync_request.headers["authorization"] == async_request.headers["authorization"]
    server.forget_last_request()  # so each test sees one request per call
    if isinstance(asynchronous, Exception):
        raise asynchronous
    return asynchronous


def _outcome(run: Callable[[], T]) -> T | Exception:
    try:
        return run()
    except Exception as error:  # noqa: BLE001 - compared between the two clients, then raised
        return error


def _call_sync(server: RyeServer, operation: Operation[T]) -> T:
    with Client(server.url, api_key=API_KEY) as client:
        result = operation(client)
        assert not inspect.isawaitable(result)
        return result


async def _call_async(server: RyeServer, operation: Operation[T]) -> T:
    async with AsyncClient(server.url, api_key=API_KEY) as client:
        result = operation(client)
        assert inspect.isawaitable(result)
        return await result


def cancel(order_id: str) -> Operation[CancelOrder]:
    return lambda client: client.cancel_order(CancelOrderInput(order_id=order_id))


# --- cancelOrder: Rye's three outcomes ----------------------------------------------------


def test_cancel_in_progress_is_an_amazon_result_with_a_processing_item(
    rye_server: RyeServer,
) -> None:
    # cancelOrder is deprecated: the generated method says so at run time too (PEP 702).
    with pytest.warns(DeprecationWarning, match="Mutation.cancelOrder is deprecated"):
        response = call(rye_server, cancel(AMAZON_ORDER_ID)).cancel_order

    assert response.error is None
    result = response.result
    assert isinstance(result, CancelOrderResultCancelAmazonOrderResult)
    [item] = result.items
    assert item.amazon_order_id == AMAZON_ORDER_ID
    assert item.status is CancelOrderStatus.CANCEL_PROCESSING
    assert item.fail_reason is None


def test_failed_cancel_is_an_amazon_result_with_its_fail_reason(
    rye_server: RyeServer,
) -> None:
    response = call(rye_server, cancel(FAILING_ORDER_ID)).cancel_order

    assert response.error is None
    result = response.result
    assert isinstance(result, CancelOrderResultCancelAmazonOrderResult)
    [item] = result.items
    assert item.amazon_order_id == FAILING_ORDER_ID
    assert item.status is CancelOrderStatus.CANCEL_FAILED
    assert item.fail_reason == CANCEL_FAIL_REASON


def test_manual_cancellation_raises_with_ryes_error_code(rye_server: RyeServer) -> None:
    with pytest.raises(GraphQLResponseError) as raised:
        call(rye_server, cancel(MANUAL_ORDER_ID))

    [error] = raised.value.errors
    assert error.message == MANUAL_CANCELLATION_MESSAGE
    assert error.extensions == {"code": "REQUEST_MANUAL_CANCELLATION"}
    assert error.path == ("cancelOrder",)
    # cancelOrder is non-null (CancelOrderResponse!), so the error nulls all of `data`.
    assert raised.value.data is None


def test_request_carries_the_api_key_operation_name_and_query(
    rye_server: RyeServer,
) -> None:
    with pytest.raises(GraphQLResponseError):
        call(rye_server, cancel(MANUAL_ORDER_ID))

    [request] = rye_server.requests
    assert request.headers["authorization"] == AUTHORIZATION
    assert request.headers["content-type"] == "application/json"
    assert request.body["operationName"] == "CancelOrder"
    assert request.body["variables"] == {"input": {"orderId": MANUAL_ORDER_ID}}
    query = request.body["query"]
    assert "mutation CancelOrder" in query
    document = parse(query)
    assert validate(rye_server.schema, document) == []
    [operation] = document.definitions
    assert isinstance(operation, OperationDefinitionNode)
    assert operation.operation is OperationType.MUTATION
    assert operation.name is not None and operation.name.value == "CancelOrder"


# --- getCart: fragments under @include ----------------------------------------------------


def test_get_cart_sends_only_the_fetch_flags_it_is_given(rye_server: RyeServer) -> None:
    call(rye_server, lambda client: client.get_cart(id_="cart-1"))
    call(
        rye_server,
        lambda client: client.get_cart(id_="cart-1", fetch_cart_lines=False, fetch_offer=False),
    )

    defaults, flags_off = rye_server.requests
    # Unset flags are left out, so the operation's defaults (all true) apply.
    assert defaults.body["variables"] == {"id": "cart-1"}
    assert flags_off.body["variables"] == {
        "id": "cart-1",
        "fetchCartLines": False,
        "fetchOffer": False,
    }
    # The server accepted both and honoured the flags.
    assert "errors" not in defaults.response
    assert "errors" not in flags_off.response
    amazon, shopify = defaults.response["data"]["getCart"]["cart"]["stores"]
    assert "cartLines" in amazon and "cartLines" in shopify
    amazon, shopify = flags_off.response["data"]["getCart"]["cart"]["stores"]
    assert "cartLines" not in amazon and "cartLines" not in shopify


def test_get_cart_with_default_flags_has_every_fragment(rye_server: RyeServer) -> None:
    cart = call(rye_server, lambda client: client.get_cart(id_="cart-1")).get_cart.cart

    assert cart.id == "cart-1"
    assert cart.buyer_identity is not None
    assert cart.buyer_identity.first_name == "Ada"
    assert cart.buyer_identity.country_code is Country.GB
    assert cart.cost is not None
    assert cart.cost.subtotal.value == 2 * 1999 + 2500
    assert cart.cost.subtotal.currency is Currency.USD
    assert cart.cost.tax is None
    assert cart.cost.total is not None and cart.cost.total.value == 6498 + 2 * 599

    amazon, shopify = cart.stores
    assert isinstance(amazon, GetCartCartStoresAmazonStore)
    assert isinstance(shopify, GetCartCartStoresShopifyStore)

    assert amazon.is_shipping_required is True
    assert amazon.cart_lines is not None
    [amazon_line] = amazon.cart_lines
    assert amazon_line.quantity == 2
    assert amazon_line.product.id == SAMPLE_AMAZON_PRODUCT_ID
    assert amazon_line.product.price is not None
    assert amazon_line.product.price.value == 1999
    assert amazon_line.product.price.display_value == "$19.99"
    assert amazon.offer is not None
    assert amazon.offer.errors == []
    assert amazon.offer.subtotal is not None and amazon.offer.subtotal.value == 3998
    assert amazon.offer.shipping_methods is not None
    [shipping] = amazon.offer.shipping_methods
    assert shipping.id == "standard"
    assert shipping.total is not None and shipping.total.value == 599

    [store_error] = shopify.errors
    assert store_error.code is StoreErrorCode.PRODUCT_NOT_AVAILABLE
    assert store_error.details is not None
    assert store_error.details.variant_ids == [UNAVAILABLE_SHOPIFY_VARIANT_ID]
    assert shopify.cart_lines is not None
    [shopify_line] = shopify.cart_lines
    assert shopify_line.variant.name == f"Shopify variant {SAMPLE_SHOPIFY_VARIANT_ID}"
    assert shopify_line.variant.price == "25.00"
    assert shopify.offer is not None
    assert shopify.offer.subtotal is not None and shopify.offer.subtotal.value == 2500


def test_get_cart_with_flags_off_leaves_their_fragments_out(
    rye_server: RyeServer,
) -> None:
    cart = call(
        rye_server,
        lambda client: client.get_cart(
            id_="cart-1",
            fetch_buyer_identity=False,
            fetch_cart_lines=False,
            fetch_offer=False,
        ),
    ).get_cart.cart

    assert cart.buyer_identity is None
    amazon, shopify = cart.stores
    assert isinstance(amazon, GetCartCartStoresAmazonStore)
    assert isinstance(shopify, GetCartCartStoresShopifyStore)
    assert amazon.cart_lines is None
    assert shopify.cart_lines is None
    # `offer` is also selected outside the skipped fragment, for its shipping methods
    # (fetchShippingMethods stays true): only the fields the fragment added are gone.
    for offer in (amazon.offer, shopify.offer):
        assert offer is not None
        assert offer.errors is None
        assert offer.subtotal is None
        assert offer.margin is None
        assert offer.shipping_methods is not None
        assert [method.id for method in offer.shipping_methods] == ["standard"]


# --- createCart: an input object ----------------------------------------------------------


NEW_CART = CartCreateInput(
    buyer_identity=BuyerIdentityInput(
        first_name="Grace",
        last_name="Hopper",
        email="grace@example.com",
        country_code=Country.US,
        province_code="NY",
        postal_code="10001",
    ),
    items=CartItemsInput(
        amazon_cart_items_input=[AmazonCartItemsInput(product_id="B000000001", quantity=3)],
        shopify_cart_items_input=[ShopifyCartItemsInput(variant_id="40000000001", quantity=1)],
    ),
    is_email_marketing_allowed=False,
)


def test_create_cart_sends_its_input_as_camel_case_json(rye_server: RyeServer) -> None:
    call(rye_server, lambda client: client.create_cart(NEW_CART))

    [request] = rye_server.requests
    assert request.body["operationName"] == "CreateCart"
    # Only the fields that were set, by their GraphQL names, enums as their names.
    assert request.body["variables"] == {
        "input": {
            "buyerIdentity": {
                "firstName": "Grace",
                "lastName": "Hopper",
                "email": "grace@example.com",
                "countryCode": "US",
                "provinceCode": "NY",
                "postalCode": "10001",
            },
            "items": {
                "amazonCartItemsInput": [{"productId": "B000000001", "quantity": 3}],
                "shopifyCartItemsInput": [{"variantId": "40000000001", "quantity": 1}],
            },
            "isEmailMarketingAllowed": False,
        }
    }
    assert "errors" not in request.response


def test_create_cart_result_reflects_the_input(rye_server: RyeServer) -> None:
    cart = call(
        rye_server,
        lambda client: client.create_cart(NEW_CART, fetch_buyer_identity=True),
    ).create_cart.cart

    assert cart.buyer_identity is not None
    assert cart.buyer_identity.email == "grace@example.com"
    assert cart.buyer_identity.country_code is Country.US
    assert cart.buyer_identity.city is None  # not in the input
    amazon, shopify = cart.stores
    assert isinstance(amazon, CreateCartCartStoresAmazonStore)
    assert isinstance(shopify, CreateCartCartStoresShopifyStore)
    assert amazon.cart_lines is not None
    assert [(line.product.id, line.quantity) for line in amazon.cart_lines] == [("B000000001", 3)]
    assert shopify.cart_lines is not None
    assert [(line.variant.name, line.quantity) for line in shopify.cart_lines] == [
        ("Shopify variant 40000000001", 1)
    ]
